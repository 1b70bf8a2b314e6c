//! One line of a message for offers, list rows and previews.

/// The first characters of a message, on one line, for offers and previews.
pub fn preview_of(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(140) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
