//! Where the quick search's words are in a row's text, so the row can mark them. A word
//! matches at the start of a word of the text, with case and the common Latin diacritics
//! folded as the server's index folds them ("muller" marks "Müller").

use crate::text::lowercase_chars;

/// `lower` (a lower-case char) without its diacritic (Latin letters; others as they are).
fn without_diacritic(lower: char) -> char {
    match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        // The index folds the final sigma too: "οδοσ" finds "ΟΔΟΣ", and "ΟΔΟΣ" finds "Οδοστρωμα".
        'ς' => 'σ',
        other => other,
    }
}

/// Each char lower-cased without its diacritic, in its place.
fn fold(chars: &[char]) -> Vec<char> {
    lowercase_chars(chars)
        .into_iter()
        .map(without_diacritic)
        .collect()
}

/// `text` cut into pieces, each marked or not: a marked piece is where a folded `word`
/// starts a word of the text. Pieces joined give `text` back.
pub fn pieces(text: &str, words: &[String]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let folded = fold(&chars);
    let needles: Vec<Vec<char>> = words
        .iter()
        .map(|w| {
            fold(
                &w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut marked = vec![false; chars.len()];
    for start in 0..chars.len() {
        let word_start =
            chars[start].is_alphanumeric() && (start == 0 || !chars[start - 1].is_alphanumeric());
        if !word_start {
            continue;
        }
        for needle in &needles {
            if folded[start..].starts_with(needle) {
                marked[start..start + needle.len()].fill(true);
            }
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (c, mark) in chars.into_iter().zip(marked) {
        match out.last_mut() {
            Some((piece, was)) if *was == mark => piece.push(c),
            _ => out.push((c.to_string(), mark)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, words: &[&str]) -> Vec<String> {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        pieces(text, &words)
            .into_iter()
            .filter(|(_, m)| *m)
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn words_mark_word_starts_with_diacritics_folded() {
        assert_eq!(marked("Jürgen Müller", &["muller"]), vec!["Müller"]);
        assert_eq!(
            marked("Refund for order", &["ref", "or"]),
            vec!["Ref", "or"]
        );
        assert_eq!(
            marked("prefund", &["ref"]),
            Vec::<String>::new(),
            "word starts only"
        );
        assert_eq!(marked("a \"quoted\" word", &["\"quoted\""]), vec!["quoted"]);
        assert_eq!(marked("ΟΔΟΣ Οδοστρωμα", &["οδοσ"]), vec!["ΟΔΟΣ", "Οδοσ"]);
        assert_eq!(marked("Οδοστρωμα", &["ΟΔΟΣ"]), vec!["Οδοσ"]);
        let words = vec!["x".to_owned()];
        let text = "発票 x·y";
        let joined: String = pieces(text, &words).into_iter().map(|(p, _)| p).collect();
        assert_eq!(joined, text);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Subjects and names come from the network in any script: the pieces always give
        /// the text back, and only what a word matched is marked.
        #[test]
        fn pieces_give_any_text_back(text in "\\PC*", word in "\\PC{0,8}") {
            let words = vec![word.clone()];
            let cut = pieces(&text, &words);
            let joined: String = cut.iter().map(|(p, _)| p.as_str()).collect();
            prop_assert_eq!(joined, text);
            if !word.chars().any(char::is_alphanumeric) {
                prop_assert!(cut.iter().all(|(_, marked)| !marked));
            }
        }
    }
}
