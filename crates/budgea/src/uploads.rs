//! The 26 operations that upload a file (`multipart/form-data`), which the generator cannot
//! produce: documents attached to a user, a connection, a subscription, a transaction or a
//! cluster of transactions (created with `POST …/documents`, replaced with
//! `PUT …/documents/{id}`), and terms of service (`POST /terms`, `POST /terms/{id}`).
//!
//! [`OPERATIONS`] lists them with the operation id the generator would have given them; the
//! contract tests check that, with the generated methods, every operation of the description is
//! callable.

use std::fmt;

use bankapi_core::RetryClass;
use chrono::NaiveDate;
use reqwest::multipart::{Form, Part};
use reqwest::Method;

use crate::error::Error;
use crate::types::{Document, TermsOfService};
use crate::Client;

/// An upload operation: its id, method and path (as in the API description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadOperation {
    /// The operation id (as the generator names the others).
    pub operation_id: &'static str,
    /// `POST` or `PUT`.
    pub method: &'static str,
    /// The path template.
    pub path: &'static str,
}

macro_rules! documents {
    ($($post:literal, $put:literal, $path:literal;)*) => {
        &[
            UploadOperation { operation_id: "create_term", method: "POST", path: "/terms" },
            UploadOperation { operation_id: "update_term", method: "POST", path: "/terms/{id_term}" },
            $(
                UploadOperation { operation_id: $post, method: "POST", path: concat!($path, "/documents") },
                UploadOperation { operation_id: $put, method: "PUT", path: concat!($path, "/documents/{id_document}") },
            )*
        ]
    };
}

/// Every upload operation this module implements.
pub const OPERATIONS: &[UploadOperation] = documents! {
    "create_user_document", "update_user_document", "/users/{id_user}";
    "create_user_connection_document", "update_user_connection_document", "/users/{id_user}/connections/{id_connection}";
    "create_user_subscription_document", "update_user_subscription_document", "/users/{id_user}/subscriptions/{id_subscription}";
    "create_user_connection_subscription_document", "update_user_connection_subscription_document", "/users/{id_user}/connections/{id_connection}/subscriptions/{id_subscription}";
    "create_user_transaction_document", "update_user_transaction_document", "/users/{id_user}/transactions/{id_transaction}";
    "create_user_account_transaction_document", "update_user_account_transaction_document", "/users/{id_user}/accounts/{id_account}/transactions/{id_transaction}";
    "create_user_connection_transaction_document", "update_user_connection_transaction_document", "/users/{id_user}/connections/{id_connection}/transactions/{id_transaction}";
    "create_user_connection_account_transaction_document", "update_user_connection_account_transaction_document", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}/transactions/{id_transaction}";
    "create_user_transactionscluster_document", "update_user_transactionscluster_document", "/users/{id_user}/transactionsclusters/{id_transactions_cluster}";
    "create_user_account_transactionscluster_document", "update_user_account_transactionscluster_document", "/users/{id_user}/accounts/{id_account}/transactionsclusters/{id_transactions_cluster}";
    "create_user_connection_transactionscluster_document", "update_user_connection_transactionscluster_document", "/users/{id_user}/connections/{id_connection}/transactionsclusters/{id_transactions_cluster}";
    "create_user_connection_account_transactionscluster_document", "update_user_connection_account_transactionscluster_document", "/users/{id_user}/connections/{id_connection}/accounts/{id_account}/transactionsclusters/{id_transactions_cluster}";
};

/// What a document is attached to (for the current user, `me`).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentParent {
    /// The user.
    User,
    /// A connection.
    Connection(i64),
    /// A subscription.
    Subscription(i64),
    /// A subscription of a connection.
    ConnectionSubscription {
        /// The connection.
        connection: i64,
        /// The subscription.
        subscription: i64,
    },
    /// A transaction.
    Transaction(i64),
    /// A transaction of an account.
    AccountTransaction {
        /// The account.
        account: i64,
        /// The transaction.
        transaction: i64,
    },
    /// A transaction of a connection.
    ConnectionTransaction {
        /// The connection.
        connection: i64,
        /// The transaction.
        transaction: i64,
    },
    /// A transaction of an account of a connection.
    ConnectionAccountTransaction {
        /// The connection.
        connection: i64,
        /// The account.
        account: i64,
        /// The transaction.
        transaction: i64,
    },
    /// A cluster of transactions.
    TransactionsCluster(i64),
    /// A cluster of transactions of an account.
    AccountTransactionsCluster {
        /// The account.
        account: i64,
        /// The cluster.
        cluster: i64,
    },
    /// A cluster of transactions of a connection.
    ConnectionTransactionsCluster {
        /// The connection.
        connection: i64,
        /// The cluster.
        cluster: i64,
    },
    /// A cluster of transactions of an account of a connection.
    ConnectionAccountTransactionsCluster {
        /// The connection.
        connection: i64,
        /// The account.
        account: i64,
        /// The cluster.
        cluster: i64,
    },
}

impl DocumentParent {
    fn ids(&self) -> Vec<i64> {
        use DocumentParent::*;
        match *self {
            User => vec![],
            Connection(a) | Subscription(a) | Transaction(a) | TransactionsCluster(a) => vec![a],
            ConnectionSubscription {
                connection,
                subscription,
            } => vec![connection, subscription],
            AccountTransaction {
                account,
                transaction,
            } => vec![account, transaction],
            ConnectionTransaction {
                connection,
                transaction,
            } => vec![connection, transaction],
            ConnectionAccountTransaction {
                connection,
                account,
                transaction,
            } => {
                vec![connection, account, transaction]
            }
            AccountTransactionsCluster { account, cluster } => vec![account, cluster],
            ConnectionTransactionsCluster {
                connection,
                cluster,
            } => vec![connection, cluster],
            ConnectionAccountTransactionsCluster {
                connection,
                account,
                cluster,
            } => {
                vec![connection, account, cluster]
            }
        }
    }

    /// The path of the parent, for the current user.
    pub fn path(&self) -> String {
        use DocumentParent::*;
        match *self {
            User => "/users/me".into(),
            Connection(c) => format!("/users/me/connections/{c}"),
            Subscription(s) => format!("/users/me/subscriptions/{s}"),
            ConnectionSubscription { connection, subscription } => {
                format!("/users/me/connections/{connection}/subscriptions/{subscription}")
            }
            Transaction(t) => format!("/users/me/transactions/{t}"),
            AccountTransaction { account, transaction } => {
                format!("/users/me/accounts/{account}/transactions/{transaction}")
            }
            ConnectionTransaction { connection, transaction } => {
                format!("/users/me/connections/{connection}/transactions/{transaction}")
            }
            ConnectionAccountTransaction { connection, account, transaction } => format!(
                "/users/me/connections/{connection}/accounts/{account}/transactions/{transaction}"
            ),
            TransactionsCluster(c) => format!("/users/me/transactionsclusters/{c}"),
            AccountTransactionsCluster { account, cluster } => {
                format!("/users/me/accounts/{account}/transactionsclusters/{cluster}")
            }
            ConnectionTransactionsCluster { connection, cluster } => {
                format!("/users/me/connections/{connection}/transactionsclusters/{cluster}")
            }
            ConnectionAccountTransactionsCluster { connection, account, cluster } => format!(
                "/users/me/connections/{connection}/accounts/{account}/transactionsclusters/{cluster}"
            ),
        }
    }
}

/// A file to upload.
#[derive(Clone)]
pub struct FileUpload {
    bytes: Vec<u8>,
    file_name: String,
    mime: String,
}

impl fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl FileUpload {
    /// A file's bytes, name and media type (`application/pdf`, `image/png`, …).
    pub fn new(
        bytes: impl Into<Vec<u8>>,
        file_name: impl Into<String>,
        mime: impl Into<String>,
    ) -> Self {
        FileUpload {
            bytes: bytes.into(),
            file_name: file_name.into(),
            mime: mime.into(),
        }
    }

    fn part(&self) -> Result<Part, Error> {
        if self.bytes.is_empty() {
            return Err(Error::InvalidRequest(format!(
                "file {:?} is empty",
                self.file_name
            )));
        }
        Part::bytes(self.bytes.clone())
            .file_name(self.file_name.clone())
            .mime_str(&self.mime)
            .map_err(|_| Error::InvalidRequest(format!("{:?} is not a media type", self.mime)))
    }
}

/// A document to create or replace; `date` is required to create one.
#[derive(Debug, Clone, Default)]
pub struct DocumentUpload {
    file: Option<FileUpload>,
    name: Option<String>,
    date: Option<NaiveDate>,
    duedate: Option<NaiveDate>,
    id_type: Option<i64>,
    id_category: Option<i64>,
    id_ocr: Option<i64>,
    total_amount: Option<f64>,
    untaxed_amount: Option<f64>,
    vat: Option<f64>,
    income: Option<bool>,
    readonly: Option<bool>,
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty;)*) => {
        $( $(#[$doc])* pub fn $name(mut self, value: $ty) -> Self { self.$name = Some(value); self } )*
    };
}

impl DocumentUpload {
    /// A document with this file.
    pub fn new(file: FileUpload) -> Self {
        DocumentUpload {
            file: Some(file),
            ..Default::default()
        }
    }

    /// A change of metadata only (for [`Client::replace_document`]).
    pub fn metadata() -> Self {
        DocumentUpload::default()
    }

    setters! {
        /// The document's name.
        name: String;
        /// The document's date (required to create one).
        date: NaiveDate;
        /// When it is due.
        duedate: NaiveDate;
        /// Its document type (`GET /documenttypes`).
        id_type: i64;
        /// Its category.
        id_category: i64;
        /// The OCR result it comes from.
        id_ocr: i64;
        /// Amount with taxes.
        total_amount: f64;
        /// Amount without taxes.
        untaxed_amount: f64;
        /// VAT.
        vat: f64;
        /// Whether it is an income.
        income: bool;
        /// Whether it is read-only.
        readonly: bool;
    }

    /// The form; `create` writes booleans as `true`/`false` (the creation endpoints take
    /// booleans), replacing writes `1`/`0` (the replacement endpoints take integers).
    fn form(&self, create: bool) -> Result<Form, Error> {
        if create && self.date.is_none() {
            return Err(Error::InvalidRequest("a new document needs a date".into()));
        }
        if create && self.file.is_none() {
            return Err(Error::InvalidRequest("a new document needs a file".into()));
        }
        let mut form = Form::new();
        let text = |form: Form, name: &'static str, value: Option<String>| match value {
            Some(v) => form.text(name, v),
            None => form,
        };
        let flag = |b: bool| match (create, b) {
            (true, b) => b.to_string(),
            (false, true) => "1".to_owned(),
            (false, false) => "0".to_owned(),
        };
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        for amount in [self.total_amount, self.untaxed_amount, self.vat]
            .into_iter()
            .flatten()
        {
            if !amount.is_finite() {
                return Err(Error::InvalidRequest(format!("{amount} is not an amount")));
            }
        }
        form = text(form, "name", self.name.clone());
        form = text(form, "date", self.date.map(day));
        form = text(form, "duedate", self.duedate.map(day));
        form = text(form, "id_type", self.id_type.map(|v| v.to_string()));
        form = text(form, "id_category", self.id_category.map(|v| v.to_string()));
        if create {
            form = text(form, "id_ocr", self.id_ocr.map(|v| v.to_string()));
        }
        form = text(
            form,
            "total_amount",
            self.total_amount.map(|v| v.to_string()),
        );
        form = text(
            form,
            "untaxed_amount",
            self.untaxed_amount.map(|v| v.to_string()),
        );
        form = text(form, "vat", self.vat.map(|v| v.to_string()));
        form = text(form, "income", self.income.map(flag));
        form = text(form, "readonly", self.readonly.map(flag));
        if let Some(file) = &self.file {
            form = form.part("file", file.part()?);
        }
        Ok(form)
    }
}

fn check_ids(ids: &[i64]) -> Result<(), Error> {
    match ids.iter().find(|id| **id <= 0) {
        Some(bad) => Err(Error::InvalidRequest(format!("{bad} is not an id"))),
        None => Ok(()),
    }
}

impl Client {
    async fn upload<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        form: Form,
    ) -> Result<T, Error> {
        let url = self.url(path)?;
        // A multipart body streams and cannot be sent twice: exactly one attempt.
        let request = self
            .client
            .request(method, url)
            .header(reqwest::header::ACCEPT, "application/json")
            .multipart(form)
            .build()
            .map_err(Error::from_reqwest)?;
        Ok(self.send_json(request, RetryClass::Never).await?.1)
    }

    /// `POST {parent}/documents` (multipart): attaches a new document.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use budgea::uploads::{DocumentParent, DocumentUpload, FileUpload};
    /// use budgea::{Client, Token};
    /// use chrono::NaiveDate;
    /// use httpmock::prelude::*;
    ///
    /// let server = MockServer::start_async().await;
    /// let upload = server.mock_async(|when, then| {
    ///     when.method(POST).path("/2.0/users/me/transactions/309/documents")
    ///         .header_includes("content-type", "multipart/form-data; boundary=")
    ///         .body_includes("name=\"file\"; filename=\"receipt.pdf\"")
    ///         .body_includes("%PDF-1.4");
    ///     then.status(200).json_body(serde_json::json!({"id": 5, "name": "receipt"}));
    /// }).await;
    ///
    /// let client = Client::builder().base_url(server.url("/2.0")).token(Token::user("t")).build()?;
    /// let document = DocumentUpload::new(FileUpload::new(b"%PDF-1.4".to_vec(), "receipt.pdf", "application/pdf"))
    ///     .name("receipt".into())
    ///     .date(NaiveDate::from_ymd_opt(2015, 6, 18).unwrap());
    /// let created = client.upload_document(&DocumentParent::Transaction(309), &document).await?;
    /// assert_eq!(created.id, 5);
    /// upload.assert_async().await;
    /// # Ok::<_, budgea::Error>(()) }).unwrap();
    /// ```
    pub async fn upload_document(
        &self,
        parent: &DocumentParent,
        document: &DocumentUpload,
    ) -> Result<Document, Error> {
        check_ids(&parent.ids())?;
        let form = document.form(true)?;
        self.upload(Method::POST, &format!("{}/documents", parent.path()), form)
            .await
    }

    /// `PUT {parent}/documents/{id}` (multipart): replaces a document's file or metadata.
    pub async fn replace_document(
        &self,
        parent: &DocumentParent,
        id_document: i64,
        document: &DocumentUpload,
    ) -> Result<Document, Error> {
        check_ids(&parent.ids())?;
        check_ids(&[id_document])?;
        let form = document.form(false)?;
        self.upload(
            Method::PUT,
            &format!("{}/documents/{id_document}", parent.path()),
            form,
        )
        .await
    }

    /// `POST /terms` (multipart, manage token): registers a version of the terms of service.
    pub async fn create_terms(
        &self,
        version: &str,
        language: &str,
        file: &FileUpload,
    ) -> Result<TermsOfService, Error> {
        if version.trim().is_empty() || language.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "terms need a version and a language".into(),
            ));
        }
        let form = Form::new()
            .text("version", version.to_owned())
            .text("language", language.to_owned())
            .part("file_content", file.part()?);
        self.upload(Method::POST, "/terms", form).await
    }

    /// `POST /terms/{id}` (multipart, manage token): adds the terms' content in a language.
    pub async fn add_terms_content(
        &self,
        id_term: i64,
        language: &str,
        file: &FileUpload,
    ) -> Result<TermsOfService, Error> {
        check_ids(&[id_term])?;
        if language.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "terms content needs a language".into(),
            ));
        }
        let form = Form::new()
            .text("language", language.to_owned())
            .part("file_content", file.part()?);
        self.upload(Method::POST, &format!("/terms/{id_term}"), form)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_unique_and_paths_follow_parents() {
        assert_eq!(OPERATIONS.len(), 26);
        let mut ids: Vec<_> = OPERATIONS.iter().map(|o| o.operation_id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 26);
        assert_eq!(
            DocumentParent::ConnectionAccountTransactionsCluster {
                connection: 1,
                account: 2,
                cluster: 3
            }
            .path(),
            "/users/me/connections/1/accounts/2/transactionsclusters/3"
        );
        assert!(check_ids(&DocumentParent::Connection(0).ids()).is_err());
        assert!(DocumentUpload::metadata().form(true).is_err());
        assert!(DocumentUpload::metadata()
            .vat(f64::INFINITY)
            .form(false)
            .is_err());
        let debug = format!(
            "{:?}",
            FileUpload::new(b"secret scan".to_vec(), "a.pdf", "application/pdf")
        );
        assert!(!debug.contains("secret scan"));
    }
}
