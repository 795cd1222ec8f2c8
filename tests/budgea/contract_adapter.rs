//! What the generated contract tests (`generated_contract.rs`) need to know of Budgea: the mock
//! server (the API under `/2.0`), a client with a user token, and the 26 uploads that
//! `budgea::uploads` writes by hand (multipart), sent through the crate's methods.

use budgea::uploads::{DocumentParent, DocumentUpload, FileUpload};
use contract_tests::harness::{self, Args, Call, HeaderRule, Operation, Outcome};
use httpmock::MockServer;

/// A mock server and a client of it.
pub struct Adapter {
    server: MockServer,
    client: budgea::Client,
}

impl Adapter {
    pub async fn start() -> Self {
        let server = MockServer::start_async().await;
        let client = crate::client_of(&server);
        Adapter { server, client }
    }
}

impl harness::Adapter for Adapter {
    type Client = budgea::Client;

    fn server(&self) -> &MockServer {
        &self.server
    }

    fn base_path(&self) -> &str {
        "/2.0"
    }

    fn client(&self, _: &Operation) -> &budgea::Client {
        &self.client
    }

    fn auth_headers(&self, operation: &Operation) -> Vec<HeaderRule> {
        if operation.security.iter().any(|s| s == "bearerAuth") {
            vec![HeaderRule::exact("authorization", "Bearer tok")]
        } else {
            // Public operations: the client may send its token, the API ignores it.
            Vec::new()
        }
    }

    fn call_hand_written<'a>(&'a self, operation: &'a Operation, args: &'a Args) -> Call<'a> {
        Box::pin(upload(&self.client, operation, args))
    }
}

/// Sends one of the uploads, from the synthesised arguments.
async fn upload(client: &budgea::Client, operation: &Operation, args: &Args) -> harness::Result {
    let body: serde_json::Value = args.get("body")?;
    let text = |name: &str| body.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    let file = |name: &str| {
        text(name).map(|content| FileUpload::new(content, format!("{name}.pdf"), "application/pdf"))
    };
    let result = match operation.id.as_str() {
        "create_term" => {
            let (version, language) = (text("version"), text("language"));
            let file = file("file_content").ok_or("no file_content")?;
            client
                .create_terms(
                    version.as_deref().unwrap_or_default(),
                    language.as_deref().unwrap_or_default(),
                    &file,
                )
                .await
                .map(|terms| harness::round_trip(&terms))
        }
        "update_term" => {
            let file = file("file_content").ok_or("no file_content")?;
            client
                .add_terms_content(
                    args.get("id_term")?,
                    text("language").as_deref().unwrap_or_default(),
                    &file,
                )
                .await
                .map(|terms| harness::round_trip(&terms))
        }
        id => {
            let parent = parent(operation, args)?;
            let mut document = match file("file") {
                Some(file) => DocumentUpload::new(file),
                None => DocumentUpload::metadata(),
            };
            let date = |name: &str| -> Result<Option<chrono::NaiveDate>, String> {
                text(name)
                    .map(|d| d.parse().map_err(|e| format!("{name}: {e}")))
                    .transpose()
            };
            let int = |name: &str| body.get(name).and_then(serde_json::Value::as_i64);
            let float = |name: &str| body.get(name).and_then(serde_json::Value::as_f64);
            // Flags are booleans on creation, 0/1 on replacement.
            let flag = |name: &str| {
                body.get(name)
                    .and_then(|v| v.as_bool().or(v.as_i64().map(|i| i != 0)))
            };
            if let Some(v) = text("name") {
                document = document.name(v);
            }
            if let Some(v) = date("date")? {
                document = document.date(v);
            }
            if let Some(v) = date("duedate")? {
                document = document.duedate(v);
            }
            for (name, set) in [
                ("id_type", DocumentUpload::id_type as fn(_, _) -> _),
                ("id_category", DocumentUpload::id_category),
                ("id_ocr", DocumentUpload::id_ocr),
            ] {
                if let Some(v) = int(name) {
                    document = set(document, v);
                }
            }
            for (name, set) in [
                (
                    "total_amount",
                    DocumentUpload::total_amount as fn(_, _) -> _,
                ),
                ("untaxed_amount", DocumentUpload::untaxed_amount),
                ("vat", DocumentUpload::vat),
            ] {
                if let Some(v) = float(name) {
                    document = set(document, v);
                }
            }
            if let Some(v) = flag("income") {
                document = document.income(v);
            }
            if let Some(v) = flag("readonly") {
                document = document.readonly(v);
            }
            if id.starts_with("create_") {
                client.upload_document(&parent, &document).await
            } else {
                client
                    .replace_document(&parent, args.get("id_document")?, &document)
                    .await
            }
            .map(|document| harness::round_trip(&document))
        }
    };
    Ok(match result {
        Ok(Ok(body)) => Outcome::Success { status: None, body },
        Ok(Err(e)) => Outcome::Failed(e),
        Err(error) => match error.api() {
            Some(api) => Outcome::ErrorBody {
                status: api.status().as_u16(),
                body: serde_json::to_value(api.body()).map_err(|e| e.to_string())?,
            },
            None => Outcome::Failed(error.to_string()),
        },
    })
}

/// The document's parent, from the path parameters of the operation.
fn parent(operation: &Operation, args: &Args) -> Result<DocumentParent, String> {
    let has = |name: &str| operation.path.contains(&format!("{{{name}}}"));
    let id = |name: &str| args.get::<i64>(name);
    let cluster = has("id_transactions_cluster");
    Ok(
        match (
            has("id_connection"),
            has("id_account"),
            has("id_subscription"),
        ) {
            (false, false, false) if has("id_transaction") => {
                DocumentParent::Transaction(id("id_transaction")?)
            }
            (false, false, false) if cluster => {
                DocumentParent::TransactionsCluster(id("id_transactions_cluster")?)
            }
            (false, false, false) => DocumentParent::User,
            (true, false, false) if has("id_transaction") => {
                DocumentParent::ConnectionTransaction {
                    connection: id("id_connection")?,
                    transaction: id("id_transaction")?,
                }
            }
            (true, false, false) if cluster => DocumentParent::ConnectionTransactionsCluster {
                connection: id("id_connection")?,
                cluster: id("id_transactions_cluster")?,
            },
            (true, false, false) => DocumentParent::Connection(id("id_connection")?),
            (false, true, false) if cluster => DocumentParent::AccountTransactionsCluster {
                account: id("id_account")?,
                cluster: id("id_transactions_cluster")?,
            },
            (false, true, false) => DocumentParent::AccountTransaction {
                account: id("id_account")?,
                transaction: id("id_transaction")?,
            },
            (true, true, false) if cluster => {
                DocumentParent::ConnectionAccountTransactionsCluster {
                    connection: id("id_connection")?,
                    account: id("id_account")?,
                    cluster: id("id_transactions_cluster")?,
                }
            }
            (true, true, false) => DocumentParent::ConnectionAccountTransaction {
                connection: id("id_connection")?,
                account: id("id_account")?,
                transaction: id("id_transaction")?,
            },
            (false, false, true) => DocumentParent::Subscription(id("id_subscription")?),
            (true, false, true) => DocumentParent::ConnectionSubscription {
                connection: id("id_connection")?,
                subscription: id("id_subscription")?,
            },
            _ => return Err(format!("no document parent for {}", operation.path)),
        },
    )
}
