//! The quick search box's text (B18): the words an agent typed, each matched as a word
//! prefix wherever the server indexes text. Each word is quoted for SQLite FTS5, so what
//! the agent types is never FTS syntax (`OR`, `*`, `"`, `NEAR(…)` are just words).

/// At most this many words count; more are ignored.
pub const MAX_WORDS: usize = 8;
/// A word longer than this is cut.
pub const MAX_WORD_CHARS: usize = 64;
/// "Search as I type" starts once the box holds this many characters.
pub const AUTO_SEARCH_CHARS: usize = 5;

/// The words of `text`: split at white space, at most [`MAX_WORDS`], each at most
/// [`MAX_WORD_CHARS`] characters. Punctuation alone (`'`, `--`, `*`) is no word: the index
/// holds only letters and digits. Control characters (NUL ends an FTS5 query) separate words.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .take(MAX_WORDS)
        .map(|word| word.chars().take(MAX_WORD_CHARS).collect())
        .collect()
}

/// One word as an FTS5 query: a quoted string (quotes doubled) matched as a prefix.
pub fn fts_prefix(word: &str) -> String {
    format!("\"{}\"*", word.replace('"', "\"\""))
}

/// The interaction id `text` names, if it is one: `123` or `#123`.
pub fn interaction_id(text: &str) -> Option<i64> {
    let digits = text.trim().trim_start_matches('#');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_prefixes() {
        assert_eq!(words("  refund   Müller "), vec!["refund", "Müller"]);
        assert_eq!(words(&"a ".repeat(20)).len(), MAX_WORDS);
        assert_eq!(words("' OR 1=1 --"), vec!["OR", "1=1"]);
        assert_eq!(words("ab\0cd\tef"), vec!["ab", "cd", "ef"]);
        assert_eq!(fts_prefix("say \"hi\""), "\"say \"\"hi\"\"\"*");
        assert_eq!(fts_prefix("OR"), "\"OR\"*");
        assert_eq!(interaction_id("#42"), Some(42));
        assert_eq!(interaction_id("42a"), None);
        assert_eq!(interaction_id("99999999999999999999999"), None);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// What an agent types or a shared address holds is any text: its words are bounded,
        /// hold no white space or control character, and each quotes as one FTS5 string.
        #[test]
        fn any_text_gives_bounded_quoted_words(text in "\\PC*|[\\x00-\\x20\"*#0-9a-z]{0,40}") {
            let found = words(&text);
            prop_assert!(found.len() <= MAX_WORDS);
            for word in &found {
                prop_assert!(!word.is_empty() && word.chars().count() <= MAX_WORD_CHARS);
                prop_assert!(!word.chars().any(|c| c.is_whitespace() || c.is_control()));
                let quoted = fts_prefix(word);
                let inner = &quoted[1..quoted.len() - 2];
                prop_assert_eq!(inner.replace("\"\"", ""), word.replace('"', ""));
            }
            let _ = interaction_id(&text);
        }
    }
}
