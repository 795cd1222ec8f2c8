//! Typed dates for finAPI's date filters, which the API takes as `YYYY-MM-DD` strings.
//!
//! The generated builders take these filters as strings (finAPI's description types them so);
//! malformed ones are refused before sending. These helpers take [`NaiveDate`]s instead.

use chrono::NaiveDate;

use crate::builder;

/// Booking-date filters of the transaction list and the cash flows.
pub trait BookingDates: Sized {
    /// Only what the bank booked from `from` to `until`, both included (`minBankBookingDate`,
    /// `maxBankBookingDate`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use finapi::dates::BookingDates;
    ///
    /// let client = finapi::Client::builder().client_credentials("id", "secret").user("u", "p").build()?;
    /// let may = client
    ///     .get_and_search_all_transactions()
    ///     .view(finapi::types::GetAndSearchAllTransactionsView::UserView)
    ///     .booked_between(
    ///         NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
    ///         NaiveDate::from_ymd_opt(2024, 5, 31).unwrap(),
    ///     );
    /// # drop(may);
    /// # Ok::<_, finapi::Error>(())
    /// ```
    fn booked_between(self, from: NaiveDate, until: NaiveDate) -> Self;

    /// Only what the bank booked on `from` or later (`minBankBookingDate`).
    fn booked_since(self, from: NaiveDate) -> Self;
}

macro_rules! booking_dates {
    ($($builder:ident),*) => {
        $(
            impl BookingDates for builder::$builder<'_> {
                fn booked_between(self, from: NaiveDate, until: NaiveDate) -> Self {
                    self.booked_since(from).max_bank_booking_date(until.to_string())
                }

                fn booked_since(self, from: NaiveDate) -> Self {
                    self.min_bank_booking_date(from.to_string())
                }
            }
        )*
    };
}

booking_dates!(GetAndSearchAllTransactions, GetCashFlows);
