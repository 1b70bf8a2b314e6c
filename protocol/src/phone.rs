//! Phone numbers as they are stored and matched: E.164 (`+390612345678`), whatever formatting
//! an agent typed or a channel sent ("+39 06 1234 5678", "0039061234 5678", "(+39) 06-1234").

/// E.164 allows at most 15 digits after the `+`.
pub const MAX_DIGITS: usize = 15;
/// The shortest numbers in use (small countries' subscriber numbers with their code).
pub const MIN_DIGITS: usize = 7;

/// Why a typed number cannot be stored or matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// "06 1234 5678": without a country code the number is not the same everywhere.
    NoCountryCode,
    /// A character that is neither a digit nor formatting.
    NotAPhoneNumber(char),
    TooShort,
    TooLong,
}

impl PhoneError {
    /// The sentence an agent reads beside the field.
    pub fn sentence(self) -> String {
        match self {
            Self::Empty => "Enter a phone number.".into(),
            Self::NoCountryCode => {
                "Write the number with its country code, as in +39 06 1234 5678.".into()
            }
            Self::NotAPhoneNumber(c) => {
                format!("A phone number holds digits only; \"{c}\" is not one.")
            }
            Self::TooShort => format!(
                "This number is too short: with its country code it has at least {MIN_DIGITS} digits."
            ),
            Self::TooLong => format!(
                "This number is too long: with its country code it has at most {MAX_DIGITS} digits."
            ),
        }
    }
}

/// The E.164 form of `typed`. Spaces, dashes, dots, slashes and brackets are formatting; the
/// international prefix is `+` or `00`; digits of any script count ("٠٠٣٩…" is "0039…").
pub fn e164(typed: &str) -> Result<String, PhoneError> {
    let mut digits = String::with_capacity(MAX_DIGITS + 1);
    let mut plus = false;
    for c in typed.chars() {
        if let Some(d) = digit(c) {
            digits.push(d);
        } else if (c == '+' || c == '\u{FF0B}') && digits.is_empty() && !plus {
            plus = true;
        } else if !is_formatting(c) {
            return Err(PhoneError::NotAPhoneNumber(c));
        }
    }
    if digits.is_empty() {
        return Err(if plus {
            PhoneError::TooShort
        } else {
            PhoneError::Empty
        });
    }
    let national = match (plus, digits.strip_prefix("00")) {
        (true, _) => digits.as_str(),
        (false, Some(international)) => international,
        (false, None) => return Err(PhoneError::NoCountryCode),
    };
    // Country codes never begin with 0: "+0…" is a national number with a stray "+".
    if national.starts_with('0') {
        return Err(PhoneError::NoCountryCode);
    }
    match national.len() {
        n if n < MIN_DIGITS => Err(PhoneError::TooShort),
        n if n > MAX_DIGITS => Err(PhoneError::TooLong),
        _ => Ok(format!("+{national}")),
    }
}

/// A WhatsApp id (`wa_id`, `from`): the number in international form, digits only.
pub fn from_wa_id(wa_id: &str) -> Result<String, PhoneError> {
    if wa_id.starts_with('+') {
        e164(wa_id)
    } else {
        e164(&format!("+{wa_id}"))
    }
}

fn is_formatting(c: char) -> bool {
    matches!(c, '-' | '.' | '/' | '(' | ')' | '\u{2010}'..='\u{2015}' | '\u{2212}')
        || c.is_whitespace()
        || c == '\u{200E}' // left-to-right mark, pasted with numbers from right-to-left text
        || c == '\u{200F}'
}

/// Decimal digits of the scripts numbers are written in, as ASCII.
fn digit(c: char) -> Option<char> {
    const ZEROS: [u32; 20] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
        0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10,
    ];
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| char::from_digit(code - zero, 10))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formatting_and_prefix_do_not_matter() {
        let stored = e164("+39 06 1234 5678").unwrap();
        assert_eq!(stored, "+390612345678");
        assert_eq!(e164("0039061234 5678").unwrap(), stored);
        assert_eq!(e164("(+39) 06-1234.5678").unwrap(), stored);
        assert_eq!(e164("\u{200E}+39\u{00A0}06 1234 5678").unwrap(), stored);
        assert_eq!(e164("٠٠٣٩٠٦١٢٣٤٥٦٧٨").unwrap(), stored);
        assert_eq!(e164("＋３９０６１２３４５６７８").unwrap(), stored);
        assert_eq!(from_wa_id("390612345678").unwrap(), stored);
    }

    #[test]
    fn what_is_not_a_number_is_said() {
        assert_eq!(e164(""), Err(PhoneError::Empty));
        assert_eq!(e164("  "), Err(PhoneError::Empty));
        assert_eq!(e164("06 1234 5678"), Err(PhoneError::NoCountryCode));
        assert_eq!(e164("+06 1234 5678"), Err(PhoneError::NoCountryCode));
        assert_eq!(
            e164("+39 06 1234 x5"),
            Err(PhoneError::NotAPhoneNumber('x'))
        );
        assert_eq!(e164("+39 + 06"), Err(PhoneError::NotAPhoneNumber('+')));
        assert_eq!(e164("+39 12"), Err(PhoneError::TooShort));
        assert_eq!(e164("+1234567890123456"), Err(PhoneError::TooLong));
        assert!(PhoneError::NoCountryCode.sentence().contains("+39"));
    }

    proptest! {
        #[test]
        fn never_panics_and_only_gives_e164(typed in "\\PC{0,40}") {
            if let Ok(number) = e164(&typed) {
                prop_assert!(number.starts_with('+'));
                let digits = &number[1..];
                prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!((MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()));
                prop_assert!(!digits.starts_with('0'));
                prop_assert_eq!(e164(&number), Ok(number.clone()));
            }
        }

        #[test]
        fn separators_anywhere_change_nothing(
            digits in "[1-9][0-9]{6,14}",
            cuts in proptest::collection::vec((0usize..16, prop_oneof![
                Just(" "), Just("-"), Just("."), Just("\u{00A0}"), Just("("), Just(")")
            ]), 0..6),
        ) {
            let mut typed = digits.clone();
            for (at, separator) in cuts {
                let at = at.min(typed.len());
                if typed.is_char_boundary(at) {
                    typed.insert_str(at, separator);
                }
            }
            let expected = format!("+{digits}");
            prop_assert_eq!(e164(&format!("+{typed}")), Ok(expected.clone()));
            prop_assert_eq!(e164(&format!("00{typed}")), Ok(expected));
        }
    }
}
