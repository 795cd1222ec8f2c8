//! Checks made before a request is sent: what finAPI would refuse, or worse, misread.
//!
//! A refused request never leaves the process; it fails with
//! [`ErrorKind::InvalidRequest`](bankapi_core::ErrorKind::InvalidRequest) and no status.

use chrono::NaiveDate;

use crate::auth::TokenScope;

/// Operations whose last path segment is a comma-separated list of ids (`{ids}`). An empty list
/// would turn `GET /api/v1/accounts/{ids}` into `GET /api/v1/accounts/`, another operation.
const IDS_IN_PATH: &[&str] = &[
    "get_multiple_transactions",
    "edit_multiple_transactions_deprecated",
    "get_multiple_securities",
    "get_multiple_labels",
    "get_multiple_categories",
    "get_multiple_banks",
    "get_multiple_bank_connections",
    "get_multiple_accounts",
];

/// Query parameters that finAPI documents as dates `YYYY-MM-DD` (the spec types them as plain
/// strings; their format is only in the descriptions).
const DATE_PARAMETERS: &[&str] = &[
    "startDate",
    "endDate",
    "minBankBookingDate",
    "maxBankBookingDate",
    "minFinapiBookingDate",
    "maxFinapiBookingDate",
    "minImportDate",
    "maxImportDate",
    "minDeletionDate",
    "maxDeletionDate",
    "minLastActiveDate",
    "maxLastActiveDate",
    "minRegistrationDate",
    "maxRegistrationDate",
    "minLastSuccessfulUpdate",
    "maxLastSuccessfulUpdate",
];

/// Checks the request of operation `operation_id`; the error says what is wrong.
pub(crate) fn before_sending(
    operation_id: &str,
    request: &reqwest::Request,
    has_user: bool,
) -> Result<(), String> {
    if TokenScope::of(operation_id) == TokenScope::User && !has_user {
        return Err(format!(
            "{operation_id} acts for a user, but this client has none: \
             set one with `Client::builder().user(..)` or `client.for_user(..)`"
        ));
    }
    if IDS_IN_PATH.contains(&operation_id) {
        let ids = request
            .url()
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .unwrap_or_default()
            .replace("%2C", ",")
            .replace("%2c", ",");
        if !is_id_list(&ids) {
            return Err(format!(
                "{operation_id} needs a comma-separated list of at least one numeric id, got {ids:?}"
            ));
        }
    }
    for (name, value) in request.url().query_pairs() {
        if DATE_PARAMETERS.contains(&name.as_ref())
            && NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_err()
        {
            return Err(format!(
                "{name} must be a date as YYYY-MM-DD (e.g. `NaiveDate::to_string()`), got {value:?}"
            ));
        }
    }
    Ok(())
}

fn is_id_list(ids: &str) -> bool {
    !ids.is_empty()
        && ids
            .split(',')
            .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// Joins ids for the `{ids}` path parameters (`get_multiple_accounts().ids(..)` and the like),
/// which finAPI takes comma-separated.
///
/// An empty list gives an empty string, which the client refuses before sending.
///
/// ```
/// assert_eq!(finapi::ids([3, 1, 4]), "3,1,4");
/// assert_eq!(finapi::ids(Vec::<i64>::new()), "");
/// ```
pub fn ids(ids: impl IntoIterator<Item = i64>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
    }

    #[test]
    fn id_lists_must_not_be_empty() {
        let ok = get("https://x/api/v1/accounts/1%2C2");
        assert!(before_sending("get_multiple_accounts", &ok, true).is_ok());
        let empty = get("https://x/api/v1/accounts/");
        let error = before_sending("get_multiple_accounts", &empty, true).unwrap_err();
        assert!(error.contains("at least one"), "{error}");
        let junk = get("https://x/api/v1/accounts/1,,2");
        assert!(before_sending("get_multiple_accounts", &junk, true).is_err());
    }

    #[test]
    fn dates_must_be_calendar_dates() {
        let ok = get("https://x/api/v1/transactions?view=userView&minBankBookingDate=2024-02-29");
        assert!(before_sending("get_and_search_all_transactions", &ok, true).is_ok());
        let bad = get("https://x/api/v1/transactions?view=userView&minBankBookingDate=2023-02-29");
        let error = before_sending("get_and_search_all_transactions", &bad, true).unwrap_err();
        assert!(error.contains("minBankBookingDate"), "{error}");
        let german = get("https://x/api/v1/accounts/dailyBalances?startDate=01.02.2024");
        assert!(before_sending("get_daily_balances", &german, true).is_err());
    }

    #[test]
    fn user_operations_need_a_user() {
        let request = get("https://x/api/v1/bankConnections");
        assert!(before_sending("get_all_bank_connections", &request, false).is_err());
        assert!(before_sending("get_all_bank_connections", &request, true).is_ok());
        assert!(before_sending("get_and_search_all_banks", &request, false).is_ok());
    }
}
