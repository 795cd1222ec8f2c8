//! `Status` (common/v1): the body of Intuit's error responses.

use yaserde::YaDeserialize;

use crate::xml::open_enum;

open_enum! {
    /// Who is at fault, per Intuit.
    pub enum ErrorType {
        /// Intuit's side.
        SystemError = "SYSTEM_ERROR",
        /// The application's request.
        AppError = "APP_ERROR",
        /// The end user (credentials, answers).
        UserError = "USER_ERROR",
        /// A warning.
        Warning = "WARNING",
    }
}

/// An error body: a message and up to 25 error details.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "Status",
    prefix = "common",
    namespaces = { "common" = "http://schema.intuit.com/platform/fdatafeed/common/v1" }
)]
#[non_exhaustive]
pub struct Status {
    /// Overall message.
    #[yaserde(rename = "statusMessage", prefix = "common")]
    pub status_message: Option<String>,
    /// The errors.
    #[yaserde(rename = "errorInfo", prefix = "common")]
    pub error_info: Vec<ErrorInfo>,
}

/// One error of a [`Status`].
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "errorInfo",
    prefix = "common",
    namespaces = { "common" = "http://schema.intuit.com/platform/fdatafeed/common/v1" }
)]
#[non_exhaustive]
pub struct ErrorInfo {
    /// Who is at fault.
    #[yaserde(rename = "errorType", prefix = "common")]
    pub error_type: Option<ErrorType>,
    /// Intuit's code (`api.max.customers`, `api.database.notfound`, `103`…).
    #[yaserde(rename = "errorCode", prefix = "common")]
    pub error_code: Option<String>,
    /// Intuit's message.
    #[yaserde(rename = "errorMessage", prefix = "common")]
    pub error_message: Option<String>,
    /// Intuit's correlation id (`gw-<uuid>`).
    #[yaserde(rename = "correlationId", prefix = "common")]
    pub correlation_id: Option<String>,
    /// Details.
    #[yaserde(rename = "exceptionDetail", prefix = "common")]
    pub exception_detail: Option<String>,
}
