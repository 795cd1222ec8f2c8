//! Decoders for Prometeo's own formats, beside `bankapi_core::lenient`.
use chrono::NaiveDate;
use serde::de::Deserializer;

/// A `bool` where `null`, `""` and absence mean `false`.
pub(crate) fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(bankapi_core::lenient::option_bool(deserializer)?.unwrap_or(false))
}

/// Parses Prometeo's `DD/MM/YYYY` dates; also accepts `D/M/YYYY`, `DD-MM-YYYY`, ISO
/// `YYYY-MM-DD`, and any of them followed by a time (`02/09/2020 05:46:01`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, month, year) = if a.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else if c.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Formats a date as Prometeo expects it in requests: `DD/MM/YYYY`.
pub(crate) fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// An optional date in Prometeo's `DD/MM/YYYY` (see [`parse_date`]); `""` and `null` are `None`.
pub(crate) fn option_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    bankapi_core::lenient::option_text(
        deserializer,
        "a date DD/MM/YYYY, an empty string or null",
        parse_date,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form() {
        let jan12 = NaiveDate::from_ymd_opt(2017, 1, 12);
        for text in [
            "12/01/2017",
            "12/1/2017",
            "12-01-2017",
            "2017-01-12",
            "12/01/2017 05:46:01",
            " 12/01/2017 ",
        ] {
            assert_eq!(parse_date(text), jan12, "{text}");
        }
        for bad in [
            "",
            "32/01/2017",
            "01/13/2017",
            "yesterday",
            "12/01/17",
            "1/2",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(format_date(jan12.unwrap()), "12/01/2017");
    }
}
