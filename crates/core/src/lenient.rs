//! Decoding that accepts what servers really send.
//!
//! Specs say `integer`, servers send `"42"`; specs say `date-time`, servers send
//! `2019-05-06 10:22:02` with no offset; amounts arrive as `12.5`, `"12.50"`, `""` or `null`.
//! The functions here are `deserialize_with` targets that accept every usable variant and still
//! reject what is not usable (`"abc"` for a number). They are hand-written visitors, so they cost
//! no more than the strict decoders they replace.
//!
//! ```
//! use bankapi_core::lenient;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Row {
//!     #[serde(deserialize_with = "lenient::i64")]
//!     id: i64,
//!     #[serde(default, deserialize_with = "lenient::option_f64")]
//!     value: Option<f64>,
//!     #[serde(default, deserialize_with = "lenient::option_string")]
//!     number: Option<String>,
//! }
//!
//! let row: Row = serde_json::from_str(r#"{"id": "42", "value": "", "number": 12345}"#).unwrap();
//! assert_eq!((row.id, row.value, row.number.as_deref()), (42, None, Some("12345")));
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{
    Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike, Utc,
};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

// ---------------------------------------------------------------------------------------------
// Timestamps

/// A point in time as a provider sent it: a local date and time, and its UTC offset when the
/// provider gave one.
///
/// Budgea/Powens send `YYYY-MM-DD HH:MM:SS` (naive: the API's local time, Europe/Paris), finAPI
/// `YYYY-MM-DD HH:MM:SS.SSS`, others RFC 3339. All decode; none is silently converted to UTC,
/// because the offset of a naive timestamp is not known. [`Timestamp::to_utc`] converts with an
/// offset the caller chooses; [`Timestamp::utc`] gives UTC when the offset is known.
///
/// It serializes back in the form it came in: RFC 3339 when it has an offset,
/// `YYYY-MM-DD HH:MM:SS[.fff]` when naive.
///
/// ```
/// use bankapi_core::Timestamp;
///
/// let naive: Timestamp = "2019-05-06 10:22:02".parse().unwrap();
/// assert_eq!(naive.offset(), None);
/// assert_eq!(naive.to_string(), "2019-05-06 10:22:02");
///
/// let zoned: Timestamp = "2019-05-06T10:22:02+02:00".parse().unwrap();
/// assert_eq!(zoned.utc().unwrap().to_rfc3339(), "2019-05-06T08:22:02+00:00");
/// assert_eq!(zoned.naive(), naive.naive());
///
/// assert!("2019-13-06 10:22:02".parse::<Timestamp>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    naive: NaiveDateTime,
    offset_seconds: Option<i32>,
}

impl Timestamp {
    /// A timestamp without offset.
    pub fn from_naive(naive: NaiveDateTime) -> Self {
        Timestamp {
            naive,
            offset_seconds: None,
        }
    }

    /// A timestamp with a known offset, from a zoned date-time.
    pub fn from_datetime<Tz: TimeZone>(datetime: &chrono::DateTime<Tz>) -> Self {
        Timestamp {
            naive: datetime.naive_local(),
            offset_seconds: Some(datetime.offset().fix().local_minus_utc()),
        }
    }

    /// The local date and time, as sent.
    pub fn naive(&self) -> NaiveDateTime {
        self.naive
    }

    /// The date part, as sent.
    pub fn date(&self) -> NaiveDate {
        self.naive.date()
    }

    /// The UTC offset, when the provider sent one.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.offset_seconds.and_then(FixedOffset::east_opt)
    }

    /// The instant in UTC, when the offset is known.
    pub fn utc(&self) -> Option<chrono::DateTime<Utc>> {
        let offset = self.offset()?;
        Some(
            offset
                .from_local_datetime(&self.naive)
                .single()?
                .with_timezone(&Utc),
        )
    }

    /// The instant in UTC, assuming `assumed` for a naive timestamp.
    pub fn to_utc(&self, assumed: FixedOffset) -> chrono::DateTime<Utc> {
        let offset = self.offset().unwrap_or(assumed);
        offset
            .from_local_datetime(&self.naive)
            .single()
            .expect("a fixed offset maps every local time to one instant")
            .with_timezone(&Utc)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.naive.date();
        let t = self.naive.time();
        let sep = if self.offset_seconds.is_some() {
            'T'
        } else {
            ' '
        };
        write!(
            f,
            "{:04}-{:02}-{:02}{sep}{:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        let nanos = t.nanosecond() % 1_000_000_000;
        if nanos != 0 {
            if nanos.is_multiple_of(1_000_000) {
                write!(f, ".{:03}", nanos / 1_000_000)?;
            } else if nanos.is_multiple_of(1_000) {
                write!(f, ".{:06}", nanos / 1_000)?;
            } else {
                write!(f, ".{nanos:09}")?;
            }
        }
        match self.offset_seconds {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(secs) => {
                let sign = if secs < 0 { '-' } else { '+' };
                let secs = secs.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)
            }
        }
    }
}

/// A string that is not a timestamp in any accepted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampParseError(String);

impl fmt::Display for TimestampParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp {:?}: expected YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM]",
            self.0
        )
    }
}

impl std::error::Error for TimestampParseError {}

fn digits(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let slice = bytes.get(at..at + len)?;
    let mut value = 0u32;
    for &b in slice {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    Some(value)
}

fn parse_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.trim().as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let date =
        NaiveDate::from_ymd_opt(digits(b, 0, 4)? as i32, digits(b, 5, 2)?, digits(b, 8, 2)?)?;
    if b.len() == 10 {
        return Some(Timestamp::from_naive(date.and_time(NaiveTime::MIN)));
    }
    if !matches!(b[10], b' ' | b'T' | b't') || b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
    let mut i = 16;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, 17, 2)?;
        i = 19;
    }
    let mut nanos = 0u32;
    if matches!(b.get(i), Some(b'.') | Some(b',')) {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..9 {
            nanos *= 10;
        }
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let naive = date.and_time(time);
    let rest = &b[i..];
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let offset_seconds = match rest {
        [] => None,
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m) = match tail.len() {
                2 => (digits(tail, 0, 2)?, 0),
                4 => (digits(tail, 0, 2)?, digits(tail, 2, 2)?),
                5 if tail[2] == b':' => (digits(tail, 0, 2)?, digits(tail, 3, 2)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            Some(if *sign == b'-' { -secs } else { secs })
        }
        _ => return None,
    };
    Some(Timestamp {
        naive,
        offset_seconds,
    })
}

impl FromStr for Timestamp {
    type Err = TimestampParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_timestamp(s).ok_or_else(|| TimestampParseError(s.to_owned()))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp (RFC 3339 or YYYY-MM-DD HH:MM:SS)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

impl From<NaiveDateTime> for Timestamp {
    fn from(naive: NaiveDateTime) -> Self {
        Timestamp::from_naive(naive)
    }
}

impl<Tz: TimeZone> From<chrono::DateTime<Tz>> for Timestamp {
    fn from(datetime: chrono::DateTime<Tz>) -> Self {
        Timestamp::from_datetime(&datetime)
    }
}

/// The visitor behind every optional value written as text: `null`, `""` and the zero date
/// (`0000-00-00…`) are `None`, anything else must `parse`.
struct OptionalText<T> {
    expecting: &'static str,
    parse: fn(&str) -> Option<T>,
}

impl<'de, T> Visitor<'de> for OptionalText<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let trimmed = v.trim();
        if trimmed.is_empty() || trimmed.starts_with("0000-00-00") {
            return Ok(None);
        }
        (self.parse)(trimmed)
            .map(Some)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// Decodes an optional value written as text with `parse`, reading `null`, `""` and the zero
/// date `0000-00-00…` as `None`; `expecting` says what was expected when `parse` refuses. For
/// provider-specific text formats (e.g. Prometeo's `DD/MM/YYYY` dates).
///
/// ```
/// use bankapi_core::lenient;
///
/// let mut json = serde_json::Deserializer::from_str(r#""""#);
/// let none = lenient::option_text(&mut json, "a number", |v| v.parse::<u8>().ok()).unwrap();
/// assert_eq!(none, None);
/// ```
pub fn option_text<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_option(OptionalText { expecting, parse })
}

/// Decodes an optional [`Timestamp`], reading `""` and the zero date `0000-00-00 00:00:00` as
/// absent.
pub fn option_timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    option_text(
        deserializer,
        "a timestamp, an empty string or null",
        parse_timestamp,
    )
}

// ---------------------------------------------------------------------------------------------
// Dates

/// Parses a date as providers send it: `YYYY-MM-DD`, or the date part of a timestamp
/// (`YYYY-MM-DD HH:MM:SS`, RFC 3339), as written (no time-zone conversion).
fn parse_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    if v.len() == 10 {
        let b = v.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        return NaiveDate::from_ymd_opt(
            digits(b, 0, 4)? as i32,
            digits(b, 5, 2)?,
            digits(b, 8, 2)?,
        );
    }
    parse_timestamp(v).map(|t| t.date())
}

struct DateVisitor;
impl Visitor<'_> for DateVisitor {
    type Value = NaiveDate;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date (YYYY-MM-DD, or a timestamp whose date is taken)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        parse_date(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// A [`NaiveDate`] from `YYYY-MM-DD`, or from a timestamp (`YYYY-MM-DD HH:MM:SS`, RFC 3339) whose
/// date part is taken as written: for fields documented as dates that servers send with a time.
///
/// ```
/// use bankapi_core::lenient;
/// use chrono::NaiveDate;
///
/// #[derive(serde::Deserialize)]
/// struct Row {
///     #[serde(deserialize_with = "lenient::date")]
///     date: NaiveDate,
///     #[serde(default, deserialize_with = "lenient::option_date")]
///     vdate: Option<NaiveDate>,
/// }
/// let row: Row = serde_json::from_str(r#"{"date": "2015-06-18 00:00:00", "vdate": "0000-00-00"}"#).unwrap();
/// assert_eq!((row.date, row.vdate), (NaiveDate::from_ymd_opt(2015, 6, 18).unwrap(), None));
/// ```
pub fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

/// An optional [`NaiveDate`]: like [`date()`], with `null`, `""` and the zero date
/// `0000-00-00` as `None`.
pub fn option_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    option_text(deserializer, "a date, an empty string or null", parse_date)
}

// ---------------------------------------------------------------------------------------------
// Numbers, strings and booleans

fn is_blank(v: &str) -> bool {
    v.trim().is_empty()
}

macro_rules! number_visitor {
    ($visitor:ident, $ty:ty, $what:literal, $from_i64:expr, $from_u64:expr, $from_f64:expr, $from_str:expr) => {
        struct $visitor;
        impl<'de> Visitor<'de> for $visitor {
            type Value = $ty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                #[allow(clippy::redundant_closure_call)]
                ($from_i64)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                #[allow(clippy::redundant_closure_call)]
                ($from_u64)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                #[allow(clippy::redundant_closure_call)]
                ($from_f64)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                #[allow(clippy::redundant_closure_call)]
                ($from_str)(v.trim()).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
    };
}

fn f64_to_i64(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v >= i64::MIN as f64 && v <= i64::MAX as f64).then_some(v as i64)
}

fn str_to_i64(v: &str) -> Option<i64> {
    v.parse::<i64>()
        .ok()
        .or_else(|| v.parse::<f64>().ok().and_then(f64_to_i64))
}

number_visitor!(
    I64Visitor,
    i64,
    "an integer, or a string holding one",
    Some,
    |v: u64| i64::try_from(v).ok(),
    f64_to_i64,
    str_to_i64
);
number_visitor!(
    F64Visitor,
    f64,
    "a number, or a string holding one",
    |v: i64| Some(v as f64),
    |v: u64| Some(v as f64),
    Some,
    |v: &str| v.parse::<f64>().ok().filter(|f| f.is_finite())
);
number_visitor!(
    DecimalVisitor,
    Decimal,
    "a decimal number, or a string holding one",
    |v: i64| Some(Decimal::from(v)),
    |v: u64| Some(Decimal::from(v)),
    f64_to_decimal,
    parse_decimal
);

/// Converts through the shortest decimal representation of the `f64`, so that `1.3` (read by
/// the JSON parser as the nearest binary fraction) becomes exactly `1.3`.
fn f64_to_decimal(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let text = v.to_string();
    Decimal::from_str(&text)
        .ok()
        .or_else(|| Decimal::from_scientific(&format!("{v:e}")).ok())
}

/// Parses `"1234.56"`, `"-1,234.56"`, `"1.234,56"` (decimal comma) and `"1234,56"`.
fn parse_decimal(v: &str) -> Option<Decimal> {
    if let Ok(d) = Decimal::from_str(v) {
        return Some(d);
    }
    let last_dot = v.rfind('.');
    let last_comma = v.rfind(',');
    let normalized: String = match (last_dot, last_comma) {
        // "1,234.56": commas group thousands.
        (Some(dot), Some(comma)) if dot > comma => v.replace(',', ""),
        // "1.234,56": dots group thousands, the comma is the decimal separator.
        (Some(_), Some(_)) => v.replace('.', "").replace(',', "."),
        // "1234,56"
        (None, Some(_)) if v.matches(',').count() == 1 => v.replace(',', "."),
        _ => v.replace([',', ' '], ""),
    };
    Decimal::from_str(&normalized)
        .ok()
        .or_else(|| Decimal::from_scientific(&normalized).ok())
}

macro_rules! option_visitor {
    ($visitor:ident, $inner:ident, $ty:ty) => {
        struct $visitor;
        impl<'de> Visitor<'de> for $visitor {
            type Value = Option<$ty>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                $inner.expecting(f)?;
                f.write_str(", an empty string or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                $inner.visit_i64(v).map(Some)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                $inner.visit_u64(v).map(Some)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                $inner.visit_f64(v).map(Some)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                $inner.visit_bool(v).map(Some)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if is_blank(v) {
                    Ok(None)
                } else {
                    $inner.visit_str(v).map(Some)
                }
            }
        }
    };
}

option_visitor!(OptionI64Visitor, I64Visitor, i64);
option_visitor!(OptionF64Visitor, F64Visitor, f64);
option_visitor!(OptionDecimalVisitor, DecimalVisitor, Decimal);

/// An `i64` from an integer, an integral float or a string holding either.
pub fn i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(I64Visitor)
}

/// An optional `i64`: like [`i64()`], with `null` and `""` as `None`.
pub fn option_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_option(OptionI64Visitor)
}

/// An `f64` from a number or a string holding one.
pub fn f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(F64Visitor)
}

/// An optional `f64`: like [`f64()`], with `null` and `""` as `None`.
pub fn option_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    deserializer.deserialize_option(OptionF64Visitor)
}

/// An exact [`Decimal`] from a number or a string (`"1234.56"`, `"1.234,56"`, `"1234,56"`).
pub fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_any(DecimalVisitor)
}

/// An optional [`Decimal`]: like [`decimal()`], with `null` and `""` as `None`.
pub fn option_decimal<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Decimal>, D::Error> {
    deserializer.deserialize_option(OptionDecimalVisitor)
}

macro_rules! narrowed {
    ($name:ident, $option_name:ident, $ty:ty, $wide:ident, $option_wide:ident, $convert:expr, $what:literal) => {
        #[doc = concat!("A `", stringify!($ty), "` from a number or a string holding one.")]
        pub fn $name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
            let wide = $wide(deserializer)?;
            #[allow(clippy::redundant_closure_call)]
            ($convert)(wide).ok_or_else(|| {
                de::Error::custom(format_args!("{wide} is out of range for {}", $what))
            })
        }

        #[doc = concat!("An optional `", stringify!($ty), "`, with `null` and `\"\"` as `None`.")]
        pub fn $option_name<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<$ty>, D::Error> {
            match $option_wide(deserializer)? {
                None => Ok(None),
                #[allow(clippy::redundant_closure_call)]
                Some(wide) => ($convert)(wide).map(Some).ok_or_else(|| {
                    de::Error::custom(format_args!("{wide} is out of range for {}", $what))
                }),
            }
        }
    };
}

narrowed!(
    i32,
    option_i32,
    i32,
    i64,
    option_i64,
    |v: i64| i32::try_from(v).ok(),
    "i32"
);
narrowed!(
    u32,
    option_u32,
    u32,
    i64,
    option_i64,
    |v: i64| u32::try_from(v).ok(),
    "u32"
);
narrowed!(
    u64,
    option_u64,
    u64,
    i64,
    option_i64,
    |v: i64| u64::try_from(v).ok(),
    "u64"
);
narrowed!(
    non_zero_u32,
    option_non_zero_u32,
    std::num::NonZeroU32,
    i64,
    option_i64,
    |v: i64| u32::try_from(v).ok().and_then(std::num::NonZeroU32::new),
    "a non-zero u32"
);
narrowed!(
    non_zero_u64,
    option_non_zero_u64,
    std::num::NonZeroU64,
    i64,
    option_i64,
    |v: i64| u64::try_from(v).ok().and_then(std::num::NonZeroU64::new),
    "a non-zero u64"
);
narrowed!(
    f32,
    option_f32,
    f32,
    f64,
    option_f64,
    |v: f64| Some(v as f32),
    "f32"
);

/// A string enum that keeps values it does not know: decodes through the type's `FromStr`,
/// which maps unknown values to an `Other(String)` variant instead of failing.
///
/// Generated enums use it (see the xtask's `open_enums` rewrite); hand-written ones can too.
pub fn open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<T: FromStr> Visitor<'_> for V<T>
    where
        T::Err: fmt::Display,
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }
        // Some providers send enum codes as numbers.
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            self.visit_str(if v { "true" } else { "false" })
        }
    }
    deserializer.deserialize_any(V(std::marker::PhantomData))
}

struct StringVisitor;
impl Visitor<'_> for StringVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct OptionStringVisitor;
impl<'de> Visitor<'de> for OptionStringVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(StringVisitor).map(Some)
    }
}

/// A `String` from a string or a number (ids and account numbers sent either way). Numbers are
/// written as the JSON had them, which keeps no leading zeros: providers that need them send
/// strings.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(StringVisitor)
}

/// A `String` like [`string()`], reading `null` as `""`: for text fields a spec declares
/// required that servers still send as `null`.
pub fn string_or_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(option_string(deserializer)?.unwrap_or_default())
}

/// An optional `String`: like [`string()`], with `null` as `None` (an empty string stays `""`).
pub fn option_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_option(OptionStringVisitor)
}

struct BoolVisitor;
impl Visitor<'_> for BoolVisitor {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0/1, or \"true\"/\"false\"")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_i64(v.min(2) as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" => Ok(true),
            "false" | "0" | "no" | "n" => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

struct OptionBoolVisitor;
impl<'de> Visitor<'de> for OptionBoolVisitor {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0/1, \"true\"/\"false\", \"\" or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        BoolVisitor.visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        BoolVisitor.visit_u64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if is_blank(v) {
            Ok(None)
        } else {
            BoolVisitor.visit_str(v).map(Some)
        }
    }
}

/// A `bool` from a boolean, `0`/`1`, or `"true"`/`"false"`/`"1"`/`"0"`.
pub fn bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    deserializer.deserialize_any(BoolVisitor)
}

/// An optional `bool`: like [`bool()`], with `null` and `""` as `None`.
pub fn option_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_option(OptionBoolVisitor)
}

/// An `i64` decoded by [`i64()`], for lists.
struct LenientI64(i64);

impl<'de> Deserialize<'de> for LenientI64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64(deserializer).map(LenientI64)
    }
}

/// A list of `i64` (ids), each element as [`i64()`] reads it; `null` is an empty list.
pub fn vec_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<i64>, D::Error> {
    Ok(option_vec_i64(deserializer)?.unwrap_or_default())
}

/// An optional list of `i64`, each element as [`i64()`] reads it.
pub fn option_vec_i64<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<i64>>, D::Error> {
    let list = Option::<Vec<LenientI64>>::deserialize(deserializer)?;
    Ok(list.map(|items| items.into_iter().map(|LenientI64(v)| v).collect()))
}

/// A `T` where `null` stands for `T::default()`: for lists and maps that servers send as `null`
/// when empty.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Numbers {
        #[serde(deserialize_with = "i64")]
        int: i64,
        #[serde(default, deserialize_with = "option_i64")]
        opt_int: Option<i64>,
        #[serde(deserialize_with = "f64")]
        float: f64,
        #[serde(default, deserialize_with = "option_f64")]
        opt_float: Option<f64>,
        #[serde(default, deserialize_with = "option_decimal")]
        amount: Option<Decimal>,
        #[serde(deserialize_with = "string")]
        text: String,
        #[serde(default, deserialize_with = "option_bool")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "option_timestamp")]
        at: Option<Timestamp>,
        #[serde(default, deserialize_with = "null_as_default")]
        list: Vec<u8>,
    }

    fn decode(json: &str) -> Result<Numbers, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn accepts_numbers_as_strings_and_blanks_as_none() {
        let n = decode(
            r#"{"int":"17","opt_int":"","float":"2.5","opt_float":null,"amount":"1.234,56",
                "text":123,"flag":"1","at":"","list":null}"#,
        )
        .unwrap();
        assert_eq!(n.int, 17);
        assert_eq!(n.opt_int, None);
        assert_eq!(n.float, 2.5);
        assert_eq!(n.opt_float, None);
        assert_eq!(n.amount, Some(Decimal::from_str("1234.56").unwrap()));
        assert_eq!(n.text, "123");
        assert_eq!(n.flag, Some(true));
        assert_eq!(n.at, None);
        assert!(n.list.is_empty());
    }

    #[test]
    fn absent_optionals_are_none() {
        let n = decode(r#"{"int":1.0,"float":3,"text":"x"}"#).unwrap();
        assert_eq!(
            (n.int, n.float, n.opt_int, n.amount, n.flag),
            (1, 3.0, None, None, None)
        );
    }

    #[test]
    fn rejects_unusable_values() {
        assert!(decode(r#"{"int":"abc","float":1,"text":"x"}"#).is_err());
        assert!(decode(r#"{"int":1.5,"float":1,"text":"x"}"#).is_err());
        assert!(decode(r#"{"int":1,"float":"NaN","text":"x"}"#).is_err());
        assert!(decode(r#"{"int":1,"float":1,"text":"x","flag":"maybe"}"#).is_err());
        assert!(decode(r#"{"int":1,"float":1,"text":"x","at":"yesterday"}"#).is_err());
    }

    #[test]
    fn narrowed_integers_check_their_range() {
        #[derive(Debug, Deserialize)]
        struct N {
            #[serde(deserialize_with = "i32")]
            small: i32,
            #[serde(default, deserialize_with = "option_u64")]
            big: Option<u64>,
        }
        let n: N = serde_json::from_str(r#"{"small":"-5","big":"18"}"#).unwrap();
        assert_eq!((n.small, n.big), (-5, Some(18)));
        assert!(serde_json::from_str::<N>(r#"{"small":3000000000}"#).is_err());
        assert!(serde_json::from_str::<N>(r#"{"small":1,"big":-1}"#).is_err());
    }

    #[test]
    fn lists_of_ids_accept_strings_and_null() {
        #[derive(Deserialize)]
        struct Ids {
            #[serde(default, deserialize_with = "vec_i64")]
            ids: Vec<i64>,
            #[serde(default, deserialize_with = "option_vec_i64")]
            children: Option<Vec<i64>>,
        }
        let ids: Ids = serde_json::from_str(r#"{"ids":[1,"2",3.0],"children":null}"#).unwrap();
        assert_eq!((ids.ids, ids.children), (vec![1, 2, 3], None));
        let ids: Ids = serde_json::from_str(r#"{"ids":null,"children":["7"]}"#).unwrap();
        assert_eq!((ids.ids, ids.children), (vec![], Some(vec![7])));
        assert!(serde_json::from_str::<Ids>(r#"{"ids":["x"]}"#).is_err());
    }

    #[test]
    fn non_zero_integers_accept_strings_and_reject_zero() {
        #[derive(Deserialize)]
        struct Paging {
            #[serde(deserialize_with = "non_zero_u32")]
            page: std::num::NonZeroU32,
            #[serde(default, deserialize_with = "option_non_zero_u64")]
            id: Option<std::num::NonZeroU64>,
        }
        let p: Paging = serde_json::from_str(r#"{"page":"2","id":""}"#).unwrap();
        assert_eq!((p.page.get(), p.id), (2, None));
        let p: Paging = serde_json::from_str(r#"{"page":1.0,"id":7}"#).unwrap();
        assert_eq!((p.page.get(), p.id.map(|i| i.get())), (1, Some(7)));
        assert!(serde_json::from_str::<Paging>(r#"{"page":0}"#).is_err());
        assert!(serde_json::from_str::<Paging>(r#"{"page":-1}"#).is_err());
    }

    #[test]
    fn open_enums_decode_through_from_str() {
        #[derive(Debug, PartialEq)]
        enum State {
            Valid,
            Other(String),
        }
        impl FromStr for State {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(if s == "valid" {
                    State::Valid
                } else {
                    State::Other(s.to_owned())
                })
            }
        }
        let decode = |json: &str| -> State {
            open_enum(&mut serde_json::Deserializer::from_str(json)).unwrap()
        };
        assert_eq!(decode(r#""valid""#), State::Valid);
        assert_eq!(
            decode(r#""SCARequired""#),
            State::Other("SCARequired".into())
        );
        assert_eq!(decode("3"), State::Other("3".into()));
    }

    #[test]
    fn decimals_are_exact() {
        let d: Numbers = decode(r#"{"int":1,"float":1,"text":"x","amount":1.3}"#).unwrap();
        assert_eq!(d.amount.unwrap().to_string(), "1.3");
        for (text, expected) in [
            ("1234.56", "1234.56"),
            ("-1,234.56", "-1234.56"),
            ("1.234,56", "1234.56"),
            ("1234,5", "1234.5"),
            ("1e3", "1000"),
        ] {
            assert_eq!(
                parse_decimal(text).unwrap().normalize().to_string(),
                expected,
                "{text}"
            );
        }
        assert_eq!(
            f64_to_decimal(0.1 + 0.2).unwrap().to_string(),
            "0.30000000000000004"
        );
    }

    #[test]
    fn timestamps_in_every_form() {
        for (text, shown) in [
            ("2019-05-06 10:22:02", "2019-05-06 10:22:02"),
            ("2019-05-06", "2019-05-06 00:00:00"),
            ("2019-05-06 10:22", "2019-05-06 10:22:00"),
            ("2019-05-06 10:22:02.123", "2019-05-06 10:22:02.123"),
            ("2019-05-06T10:22:02Z", "2019-05-06T10:22:02Z"),
            (
                "2019-05-06T10:22:02.5+02:00",
                "2019-05-06T10:22:02.500+02:00",
            ),
            ("2019-05-06T10:22:02-0330", "2019-05-06T10:22:02-03:30"),
            ("2019-05-06 10:22:02 +01", "2019-05-06T10:22:02+01:00"),
        ] {
            let ts: Timestamp = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ts.to_string(), shown);
            let again: Timestamp = shown.parse().unwrap();
            assert_eq!(again, ts, "{text} round-trips");
        }
        for bad in [
            "",
            "2019-02-30 10:00:00",
            "2019-05-06X10:22:02",
            "2019-05-06T25:00:00",
            "06/05/2019",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_accept_timestamps_and_blanks() {
        #[derive(Debug, Deserialize)]
        struct D {
            #[serde(deserialize_with = "date")]
            date: NaiveDate,
            #[serde(default, deserialize_with = "option_date")]
            other: Option<NaiveDate>,
        }
        let day = NaiveDate::from_ymd_opt(2020, 9, 15).unwrap();
        for (json, other) in [
            (r#"{"date":"2020-09-15"}"#, None),
            (r#"{"date":"2020-09-15 10:22:02","other":null}"#, None),
            (r#"{"date":" 2020-09-15T23:30:00+02:00","other":""}"#, None),
            (r#"{"date":"2020-09-15","other":"0000-00-00"}"#, None),
            (
                r#"{"date":"2020-09-15","other":"2020-09-15 00:00:00.5"}"#,
                Some(day),
            ),
        ] {
            let d: D = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!((d.date, d.other), (day, other), "{json}");
        }
        for bad in [
            r#"{"date":"2020-13-15"}"#,
            r#"{"date":"15/09/2020"}"#,
            r#"{"date":""}"#,
            r#"{"date":20200915}"#,
            r#"{"date":"2020-09-15","other":"soon"}"#,
        ] {
            assert!(serde_json::from_str::<D>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_convert_to_utc() {
        let naive: Timestamp = "2020-01-01 12:00:00".parse().unwrap();
        assert!(naive.utc().is_none());
        let paris = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            naive.to_utc(paris).to_rfc3339(),
            "2020-01-01T11:00:00+00:00"
        );
        let json = serde_json::to_string(&naive).unwrap();
        assert_eq!(json, r#""2020-01-01 12:00:00""#);
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), naive);
    }
}
