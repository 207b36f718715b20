//! [`Timestamp`]: a date-time from the API, parsed strictly as RFC 3339 and kept as sent.
//!
//! The text a server sent is always kept, so a value in an unexpected format never makes a whole
//! response unreadable and is sent back unchanged; whether it is a date is known on arrival.
//! Conversions to and from the date types of `time`, `chrono` and `jiff` sit behind the cargo
//! features of the same names.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An RFC 3339 date and time (`2022-04-01T05:20:00Z`) from the API.
///
/// Every `created`, `updated` and `completed` field is a `Timestamp`. The text as sent is kept
/// ([`as_str`](Self::as_str), `Display`, and what is serialised), and it is parsed strictly as
/// RFC 3339 on arrival: [`instant`](Self::instant) says when it is, or `None` for text that is
/// not an RFC 3339 date (a server that deviates from the spec), which still round-trips.
/// `Item.priority` is documented as a date-time but carries levels such as `routine`, so it is a
/// `String` rather than a `Timestamp`.
///
/// Timestamps order by the instant they name, whatever their offsets (`10:00+02:00` comes
/// before `09:00Z`); text that is not a date orders after every date. Equality is of the text.
///
/// ```
/// use cloudforce_one::Timestamp;
/// let sent = Timestamp::parse("2022-04-01T07:20:00+02:00").unwrap();
/// assert!(sent < Timestamp::from("2022-04-01T05:20:01Z"));
/// assert_eq!(sent.unix_seconds(), Some(1_648_790_400));
/// assert!(Timestamp::parse("2022-04-01 05:20").is_err());
/// assert_eq!(Timestamp::from("yesterday").instant(), None);
/// ```
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Timestamp {
    text: String,
    instant: Option<Instant>,
}

/// The moment an RFC 3339 text names, and the offset it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Instant {
    unix_seconds: i64,
    nanos: u32,
    offset_seconds: i32,
}

/// Why a text is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not an RFC 3339 date-time (such as 2022-04-01T05:20:00Z)")]
pub struct TimestampError {
    text: String,
}

impl Timestamp {
    /// Parses `text` strictly as an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, optional
    /// fraction, then `Z` or `±HH:MM` (`t`, `z` and a space for `T` are allowed, as RFC 3339
    /// does; a leap second is not).
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        match parse_rfc3339(text) {
            Some(instant) => Ok(Timestamp {
                text: text.to_owned(),
                instant: Some(instant),
            }),
            None => Err(TimestampError {
                text: text.to_owned(),
            }),
        }
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text is an RFC 3339 date-time.
    pub fn is_date(&self) -> bool {
        self.instant.is_some()
    }

    /// The moment it names, or `None` when the text is not an RFC 3339 date-time.
    pub fn instant(&self) -> Option<SystemTime> {
        let instant = self.instant?;
        let nanos = Duration::from_nanos(u64::from(instant.nanos));
        if instant.unix_seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(instant.unix_seconds as u64) + nanos)
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(instant.unix_seconds.unsigned_abs()))?
                .checked_add(nanos)
        }
    }

    /// Seconds since 1970-01-01T00:00:00Z (fractions dropped), or `None` when the text is not an
    /// RFC 3339 date-time.
    pub fn unix_seconds(&self) -> Option<i64> {
        self.instant.map(|instant| instant.unix_seconds)
    }

    /// The offset from UTC the text was written in, in seconds (`+02:00` is 7200).
    pub fn offset_seconds(&self) -> Option<i32> {
        self.instant.map(|instant| instant.offset_seconds)
    }

    /// Whole seconds and nanoseconds since the epoch and the offset, for the conversions.
    #[cfg_attr(
        not(any(feature = "time", feature = "chrono", feature = "jiff")),
        allow(dead_code)
    )]
    fn parts(&self) -> Result<(i64, u32, i32), TimestampError> {
        self.instant
            .map(|i| (i.unix_seconds, i.nanos, i.offset_seconds))
            .ok_or_else(|| TimestampError {
                text: self.text.clone(),
            })
    }
}

impl From<String> for Timestamp {
    /// Keeps any text: one that is not an RFC 3339 date-time has no [`instant`](Self::instant).
    fn from(text: String) -> Self {
        let instant = parse_rfc3339(&text);
        Timestamp { text, instant }
    }
}

impl From<&str> for Timestamp {
    /// Keeps any text: one that is not an RFC 3339 date-time has no [`instant`](Self::instant).
    fn from(text: &str) -> Self {
        Timestamp::from(text.to_owned())
    }
}

impl From<Timestamp> for String {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.text
    }
}

impl From<SystemTime> for Timestamp {
    /// The moment in UTC, with as many fraction digits as it needs (none for whole seconds).
    fn from(time: SystemTime) -> Self {
        let (seconds, nanos) = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => (after.as_secs() as i64, after.subsec_nanos()),
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (before.as_secs() as i64, before.subsec_nanos());
                if nanos == 0 {
                    (-secs, 0)
                } else {
                    (-secs - 1, 1_000_000_000 - nanos)
                }
            }
        };
        Timestamp::from(format_utc(seconds, nanos))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl Ord for Timestamp {
    /// By the moment named; dates before text that is not a date; the text breaks ties (so
    /// `Z` and `+00:00` spellings of one moment are ordered, as they are not equal).
    fn cmp(&self, other: &Self) -> Ordering {
        let moment = |t: &Timestamp| t.instant.map(|i| (i.unix_seconds, i.nanos));
        match (moment(self), moment(other)) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Parses RFC 3339's `date-time` production, and nothing else.
fn parse_rfc3339(text: &str) -> Option<Instant> {
    let b = text.as_bytes();
    let digits = |at: usize, len: usize| -> Option<i64> {
        let part = b.get(at..at + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        let start = at + 1;
        let len = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        // Digits past nanoseconds are allowed and dropped.
        for (i, d) in b[start..start + len].iter().take(9).enumerate() {
            nanos += u32::from(d - b'0') * 10u32.pow(8 - i as u32);
        }
        at = start + len;
    }
    let offset_seconds = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == at + 6 && b[at + 3] == b':' => {
            let (hours, minutes) = (digits(at + 1, 2)?, digits(at + 4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(Instant {
        unix_seconds: local - i64::from(offset_seconds),
        nanos,
        offset_seconds,
    })
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day count from 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `unix_seconds` and `nanos` as RFC 3339 text in UTC, fraction digits only as needed.
fn format_utc(unix_seconds: i64, nanos: u32) -> String {
    let (year, month, day) = civil_from_days(unix_seconds.div_euclid(86_400));
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (hour, minute, second) = (
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60,
    );
    let mut text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    text.push('Z');
    text
}

#[cfg(feature = "time")]
mod with_time {
    use super::{Timestamp, TimestampError};

    impl From<time::OffsetDateTime> for Timestamp {
        /// RFC 3339 text in the date-time's own offset.
        fn from(time: time::OffsetDateTime) -> Self {
            let text = time
                .format(&time::format_description::well_known::Rfc3339)
                .expect("an OffsetDateTime with a four-digit year formats as RFC 3339");
            Timestamp::from(text)
        }
    }

    impl TryFrom<&Timestamp> for time::OffsetDateTime {
        type Error = TimestampError;

        /// The date-time in the offset it was written in.
        fn try_from(timestamp: &Timestamp) -> Result<Self, TimestampError> {
            let (seconds, nanos, offset) = timestamp.parts()?;
            let out_of_range = || TimestampError {
                text: timestamp.text.clone(),
            };
            let offset = time::UtcOffset::from_whole_seconds(offset).map_err(|_| out_of_range())?;
            let utc = time::OffsetDateTime::from_unix_timestamp(seconds)
                .map_err(|_| out_of_range())?
                .replace_nanosecond(nanos)
                .map_err(|_| out_of_range())?;
            Ok(utc.to_offset(offset))
        }
    }
}

#[cfg(feature = "chrono")]
mod with_chrono {
    use super::{Timestamp, TimestampError};
    use chrono::{DateTime, FixedOffset, SecondsFormat, TimeZone, Utc};

    impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp
    where
        Tz::Offset: std::fmt::Display,
    {
        /// RFC 3339 text in the date-time's own offset (`Z` for UTC).
        fn from(time: DateTime<Tz>) -> Self {
            Timestamp::from(time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }
    }

    impl TryFrom<&Timestamp> for DateTime<FixedOffset> {
        type Error = TimestampError;

        /// The date-time in the offset it was written in.
        fn try_from(timestamp: &Timestamp) -> Result<Self, TimestampError> {
            let (seconds, nanos, offset) = timestamp.parts()?;
            let out_of_range = || TimestampError {
                text: timestamp.text.clone(),
            };
            let offset = FixedOffset::east_opt(offset).ok_or_else(out_of_range)?;
            let utc = DateTime::from_timestamp(seconds, nanos).ok_or_else(out_of_range)?;
            Ok(utc.with_timezone(&offset))
        }
    }

    impl TryFrom<&Timestamp> for DateTime<Utc> {
        type Error = TimestampError;

        /// The date-time in UTC.
        fn try_from(timestamp: &Timestamp) -> Result<Self, TimestampError> {
            DateTime::<FixedOffset>::try_from(timestamp).map(|time| time.with_timezone(&Utc))
        }
    }
}

#[cfg(feature = "jiff")]
mod with_jiff {
    use super::{Timestamp, TimestampError};

    impl From<jiff::Timestamp> for Timestamp {
        /// RFC 3339 text in UTC.
        fn from(time: jiff::Timestamp) -> Self {
            Timestamp::from(time.to_string())
        }
    }

    impl From<jiff::Zoned> for Timestamp {
        /// RFC 3339 text in the zoned date-time's offset (the zone's name is not part of it).
        fn from(time: jiff::Zoned) -> Self {
            let text = time.timestamp().display_with_offset(time.offset());
            Timestamp::from(text.to_string())
        }
    }

    impl TryFrom<&Timestamp> for jiff::Timestamp {
        type Error = TimestampError;

        /// The instant (jiff's `Timestamp` has no offset; the text keeps it).
        fn try_from(timestamp: &Timestamp) -> Result<Self, TimestampError> {
            let (seconds, nanos, _) = timestamp.parts()?;
            jiff::Timestamp::new(seconds, nanos as i32).map_err(|_| TimestampError {
                text: timestamp.text.clone(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_rfc3339_is_a_date_and_anything_else_is_kept_as_text() {
        for good in [
            "2022-04-01T05:20:00Z",
            "2022-04-01t05:20:00z",
            "2022-04-01 05:20:00+02:00",
            "2024-02-29T23:59:59.123456789123-00:30",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(Timestamp::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "2022-04-01",
            "2022-04-01T05:20Z",
            "2022-04-01T05:20:00",
            "2022-04-01T05:20:00.Z",
            "2022-04-01T05:20:60Z",
            "2023-02-29T00:00:00Z",
            "2022-13-01T00:00:00Z",
            "2022-04-01T05:20:00+0200",
            "2022-04-01T05:20:00+24:00",
            "2022-04-01T05:20:00Z ",
            "+2022-04-01T05:20:00Z",
            "routine",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?}");
            let kept = Timestamp::from(bad);
            assert_eq!((kept.as_str(), kept.instant()), (bad, None));
        }
    }

    #[test]
    fn the_instant_accounts_for_offset_and_fraction() {
        let t = Timestamp::parse("1970-01-01T01:00:00.5+01:00").unwrap();
        assert_eq!(t.unix_seconds(), Some(0));
        assert_eq!(t.offset_seconds(), Some(3600));
        assert_eq!(t.instant(), Some(UNIX_EPOCH + Duration::from_millis(500)));
        let before = Timestamp::parse("1969-12-31T23:59:59.25Z").unwrap();
        assert_eq!(
            before.instant(),
            Some(UNIX_EPOCH - Duration::from_millis(750))
        );
    }

    #[test]
    fn timestamps_order_by_moment_then_text_and_non_dates_last() {
        let mut list: Vec<Timestamp> = [
            "not a date",
            "2022-04-01T05:20:00Z",
            "2022-04-01T07:19:00+02:00",
            "2022-04-01T05:20:00+00:00",
            "2021-12-31T23:00:00-03:00",
        ]
        .into_iter()
        .map(Timestamp::from)
        .collect();
        list.sort();
        let texts: Vec<&str> = list.iter().map(Timestamp::as_str).collect();
        assert_eq!(
            texts,
            [
                "2021-12-31T23:00:00-03:00",
                "2022-04-01T07:19:00+02:00",
                "2022-04-01T05:20:00+00:00",
                "2022-04-01T05:20:00Z",
                "not a date",
            ]
        );
    }

    #[test]
    fn system_times_round_trip_through_text() {
        for (time, text) in [
            (UNIX_EPOCH, "1970-01-01T00:00:00Z"),
            (
                UNIX_EPOCH + Duration::new(1_648_790_400, 120_000_000),
                "2022-04-01T05:20:00.12Z",
            ),
            (
                UNIX_EPOCH - Duration::from_millis(1),
                "1969-12-31T23:59:59.999Z",
            ),
            (
                UNIX_EPOCH + Duration::from_secs(951_782_400),
                "2000-02-29T00:00:00Z",
            ),
        ] {
            let timestamp = Timestamp::from(time);
            assert_eq!(timestamp.as_str(), text);
            assert_eq!(timestamp.instant(), Some(time));
        }
    }

    #[test]
    fn serde_keeps_the_text_exactly() {
        let parsed: Vec<Timestamp> =
            serde_json::from_str(r#"["2022-04-01T05:20:00.000+00:00", "soon"]"#).unwrap();
        assert!(parsed[0].is_date() && !parsed[1].is_date());
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            r#"["2022-04-01T05:20:00.000+00:00","soon"]"#
        );
    }

    /// A date-time of each conversion, written in a non-UTC offset with a fraction.
    #[cfg(any(feature = "time", feature = "chrono", feature = "jiff"))]
    const SENT: &str = "2022-04-01T07:20:00.5+02:00";

    /// Converting `SENT` out and back in keeps its moment; text that is not a date is refused.
    #[cfg(any(feature = "time", feature = "chrono", feature = "jiff"))]
    fn round_trips<T>(offset_kept: bool)
    where
        T: for<'a> TryFrom<&'a Timestamp, Error = TimestampError>,
        Timestamp: From<T>,
    {
        let sent = Timestamp::parse(SENT).unwrap();
        let back = Timestamp::from(T::try_from(&sent).unwrap());
        assert_eq!(back.instant(), sent.instant(), "{back}");
        assert_eq!(
            back.offset_seconds(),
            Some(if offset_kept { 7200 } else { 0 })
        );
        let error = T::try_from(&<Timestamp as From<&str>>::from("routine"))
            .err()
            .unwrap();
        assert!(error.to_string().contains("\"routine\" is not an RFC 3339"));
    }

    #[cfg(feature = "time")]
    #[test]
    fn converts_to_and_from_time() {
        round_trips::<time::OffsetDateTime>(true);
        let time = time::OffsetDateTime::try_from(&Timestamp::from(SENT)).unwrap();
        assert_eq!((time.hour(), time.millisecond()), (7, 500));
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn converts_to_and_from_chrono() {
        use chrono::Timelike;
        round_trips::<chrono::DateTime<chrono::FixedOffset>>(true);
        round_trips::<chrono::DateTime<chrono::Utc>>(false);
        let time = chrono::DateTime::<chrono::Utc>::try_from(&Timestamp::from(SENT)).unwrap();
        assert_eq!(time.hour(), 5);
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn converts_to_and_from_jiff() {
        round_trips::<jiff::Timestamp>(false);
        let zoned = jiff::Timestamp::try_from(&Timestamp::from(SENT))
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(2)));
        assert_eq!(Timestamp::from(zoned).as_str(), SENT);
    }
}
