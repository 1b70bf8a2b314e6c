//! Calendar days in the agent's time zone, as instants: a date condition ("on", "before",
//! "after" a day) becomes a range of instants the same way on both sides.

use super::is_calendar_day;

/// A day is this many milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// The furthest a time zone is from UTC, in minutes (UTC−14:00 to UTC+14:00).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// Whether `minutes` east of UTC is a real time zone's offset.
pub fn utc_offset_is_valid(minutes: i32) -> bool {
    (-MAX_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&minutes)
}

/// The instant (ms) at which `day` (`YYYY-MM-DD`) begins for someone `utc_offset_minutes`
/// east of UTC; `None` if it is not a day.
pub fn day_start(day: &str, utc_offset_minutes: i32) -> Option<i64> {
    if !is_calendar_day(day) {
        return None;
    }
    let year: i64 = day[0..4].parse().ok()?;
    let month: i64 = day[5..7].parse().ok()?;
    let date: i64 = day[8..10].parse().ok()?;
    Some(days_from_civil(year, month, date) * DAY_MS - i64::from(utc_offset_minutes) * 60_000)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_begin_at_local_midnight() {
        assert_eq!(day_start("1970-01-01", 0), Some(0));
        assert_eq!(day_start("1970-01-02", 0), Some(DAY_MS));
        // 2026-12-01T00:00:00Z
        assert_eq!(day_start("2026-12-01", 0), Some(1_796_083_200_000));
        // Berlin in winter is UTC+1: its midnight is 23:00 UTC the day before.
        assert_eq!(
            day_start("2026-12-01", 60),
            Some(1_796_083_200_000 - 3_600_000)
        );
        assert_eq!(
            day_start("2000-03-01", 0).unwrap() - day_start("2000-02-28", 0).unwrap(),
            2 * DAY_MS,
            "2000 was a leap year"
        );
        assert_eq!(day_start("1969-12-31", 0), Some(-DAY_MS));
        assert_eq!(day_start("2026-02-30", 0), None);
        assert!(utc_offset_is_valid(-600) && !utc_offset_is_valid(900));
    }
}
