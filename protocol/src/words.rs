//! Enums of unit variants written on the wire as one word each (`"wrap_up"`).

/// Gives `$name` its words: `as_str`, `parse`, `WORDS`, and serde as those words. Serde's
/// derive writes a visitor per enum (about 1 KB of the desk's wasm each); this reads every
/// one through the same `String`, with the derive's error for an unknown word.
#[macro_export]
macro_rules! wire_words {
    ($name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $name {
            /// Every word, in the variants' order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = String::deserialize(deserializer)?;
                Self::parse(&word)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&word, Self::WORDS))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::{InteractionState, Operator};

    #[test]
    fn words_read_and_write_as_the_derive_did() {
        assert_eq!(
            serde_json::to_string(&InteractionState::WrapUp).unwrap(),
            "\"wrap_up\""
        );
        let read: Operator = serde_json::from_str("\"within_last_days\"").unwrap();
        assert_eq!(read, Operator::WithinLastDays);
        let wrong = serde_json::from_str::<Operator>("\"maybe\"").unwrap_err();
        assert!(
            wrong
                .to_string()
                .starts_with("unknown variant `maybe`, expected one of `equals`"),
            "{wrong}"
        );
    }
}
