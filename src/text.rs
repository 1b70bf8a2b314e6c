//! Text folding the desk takes from the browser: Rust's own lower-casing would bring its
//! Unicode tables (about 17 KB) into the wasm; native tests use Rust's, which agree.

/// `text` in lower case, for matching and sorting what agents type against names.
pub fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_lowercase()
    }
}

/// Each char of `chars` lower-cased to one char (the first of its lower case; a char
/// whose lower case is longer, as "İ", keeps only that first).
pub fn lowercase_chars(chars: &[char]) -> Vec<char> {
    let whole: String = chars.iter().collect();
    let lower: Vec<char> = lowercase(&whole).chars().collect();
    if lower.len() == chars.len() {
        return lower;
    }
    // Some char grew: fold them one by one, so positions still line up.
    chars
        .iter()
        .map(|c| {
            lowercase(c.encode_utf8(&mut [0; 4]))
                .chars()
                .next()
                .unwrap_or(*c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_keep_their_places_when_one_grows() {
        let text: Vec<char> = "İstanbul ÉTÉ".chars().collect();
        let lower = lowercase_chars(&text);
        assert_eq!(lower.len(), text.len());
        assert_eq!(lower.iter().collect::<String>(), "istanbul été");
    }
}
