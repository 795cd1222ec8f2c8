//! Connections: creating one with the user's credentials, answering what the bank asks next
//! (OTP, SMS code), resuming a decoupled approval, and telling the caller when the user must act.
//!
//! `POST /users/me/connections` synchronizes with the bank before answering (it can take
//! minutes: these calls get the client's connection timeout, and are not retried after a
//! failure the server may have acted on). The answer is a connection whose `state` says how it
//! went; [`ConnectionOutcome`] sorts it out:
//!
//! | `state` (HTTP status) | outcome |
//! |---|---|
//! | `null` (200) | [`ConnectionOutcome::Synced`] |
//! | `additionalInformationNeeded` (202), or 202 with `fields` | [`UserAction::AdditionalInformation`]: answer the fields with [`Client::answer_connection`] |
//! | `decoupled` | [`UserAction::Decoupled`]: once the user approved in the bank's app, [`Client::resume_connection`] |
//! | `SCARequired`, `webauthRequired` | [`UserAction::Sca`], [`UserAction::Webauth`]: send the user to the webview ([`Reconnect::webview_url`]) |
//! | `wrongpass` | [`UserAction::WrongPassword`] (new credentials in `fields`) |
//! | `passwordExpired`, `actionNeeded` | [`UserAction::PasswordExpired`], [`UserAction::ActionNeeded`]: the user must act on the bank's website |
//! | `validating`, `rateLimiting`, `websiteUnavailable`, `bug` | [`ConnectionOutcome::Retry`]: nothing for the user to do; try later (`next_try`) |
//! | any other | [`UserAction::Other`], with the state as sent |
//!
//! [`Client::connect`] runs the whole loop with a closure that answers each action.

use std::fmt;
use std::future::Future;

use bankapi_core::{RetryClass, Timestamp};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::types::{self, Connection, ConnectionState};
use crate::webview::Webview;
use crate::Client;

/// How many times [`Client::connect`] answers the bank before giving up.
pub const MAX_ROUNDS: usize = 8;

/// Which connector a new connection is made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectorRef {
    /// By uuid, stable across API domains (Powens).
    Uuid(String),
    /// By numeric id (`id_connector`; the Budgea 2.0 bank id).
    Id(i64),
}

/// Values for fields (credentials, an OTP, an SMS code): every value is kept secret, only the
/// names print.
#[derive(Clone, Default)]
pub struct FieldValues {
    values: Vec<(String, SecretString)>,
}

impl fmt::Debug for FieldValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.values
                    .iter()
                    .map(|(name, _)| (name, bankapi_core::secret::REDACTED)),
            )
            .finish()
    }
}

impl FieldValues {
    /// No values yet.
    pub fn new() -> Self {
        FieldValues::default()
    }

    /// Adds (or replaces) the value of field `name`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets the value of field `name`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = SecretString::from(value.into());
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }

    /// The field names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|(n, _)| n.as_str())
    }

    /// Whether no value was given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn check(&self) -> Result<(), Error> {
        for (name, value) in &self.values {
            if name.trim().is_empty() {
                return Err(Error::InvalidRequest("a field has an empty name".into()));
            }
            if value.expose_secret().is_empty() {
                return Err(Error::InvalidRequest(format!(
                    "field {name:?} has an empty value"
                )));
            }
        }
        Ok(())
    }

    pub(crate) fn write_into(&self, body: &mut Map<String, Value>) -> Result<(), Error> {
        self.check()?;
        for (name, value) in &self.values {
            body.insert(
                name.clone(),
                Value::String(value.expose_secret().to_owned()),
            );
        }
        Ok(())
    }
}

/// A connection to create: the connector, the user's credentials, and options.
#[derive(Debug, Clone)]
pub struct NewConnection {
    connector: ConnectorRef,
    values: FieldValues,
    required: Vec<String>,
    source: Option<String>,
    expand: Vec<String>,
}

impl NewConnection {
    /// With the connector of this uuid.
    pub fn connector_uuid(uuid: impl Into<String>) -> Self {
        NewConnection::new(ConnectorRef::Uuid(uuid.into()))
    }

    /// With the connector (bank) of this id.
    pub fn connector_id(id: i64) -> Self {
        NewConnection::new(ConnectorRef::Id(id))
    }

    fn new(connector: ConnectorRef) -> Self {
        NewConnection {
            connector,
            values: FieldValues::new(),
            required: Vec::new(),
            source: None,
            expand: Vec::new(),
        }
    }

    /// A credential (`login`, `password`, `website`, …): the connector's `fields` say which.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.set(name, value);
        self
    }

    /// Checks, before sending, that every required field of the connector (from
    /// `GET /banks/{id}?expand=fields` or `GET /connectors?expand=fields`) has a value.
    pub fn require_fields(mut self, fields: &[types::Field]) -> Self {
        self.required = fields
            .iter()
            .filter(|f| f.required != Some(false))
            .filter(|f| !matches!(f.type_, Some(types::FieldType::Hidden)))
            .filter_map(|f| f.name.clone())
            .collect();
        self
    }

    /// Uses this source of a multi-source connector (`openapi`, `directaccess`).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Expands these relations in the answer (`accounts`, `sources`, `connector`, …).
    pub fn expand(mut self, relation: impl Into<String>) -> Self {
        self.expand.push(relation.into());
        self
    }

    fn body(&self) -> Result<Value, Error> {
        let mut body = Map::new();
        match &self.connector {
            ConnectorRef::Uuid(uuid) if uuid.trim().is_empty() => {
                return Err(Error::InvalidRequest("the connector uuid is empty".into()))
            }
            ConnectorRef::Uuid(uuid) => {
                body.insert("connector_uuid".into(), Value::String(uuid.clone()));
            }
            ConnectorRef::Id(id) if *id <= 0 => {
                return Err(Error::InvalidRequest(format!("{id} is not a connector id")))
            }
            ConnectorRef::Id(id) => {
                body.insert("id_connector".into(), Value::from(*id));
            }
        }
        if let Some(missing) = self
            .required
            .iter()
            .find(|name| !self.values.names().any(|n| n == name.as_str()))
        {
            return Err(Error::InvalidRequest(format!(
                "the connector requires field {missing:?}"
            )));
        }
        self.values.write_into(&mut body)?;
        Ok(Value::Object(body))
    }
}

/// One choice of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What to send.
    pub value: String,
    /// What to show.
    pub label: String,
}

/// What kind of input a field takes.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A secret (password, OTP, SMS code): hide it while typed.
    Password,
    /// A date.
    Date,
    /// A number.
    Number,
    /// One of these choices.
    Choice(Vec<Choice>),
    /// Not shown to the user.
    Hidden,
    /// A kind this crate does not know, as sent.
    Other(String),
}

/// A field to ask the user for, in a form any UI (or a facade-wide challenge type) can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPrompt {
    /// The name to answer with.
    pub name: String,
    /// The label to show.
    pub label: String,
    /// The input kind.
    pub kind: FieldKind,
    /// Whether an answer is required.
    pub required: bool,
    /// A regular expression the answer must match, when given.
    pub regex: Option<String>,
    /// A longer help text.
    pub description: Option<String>,
}

impl From<&types::Field> for FieldPrompt {
    fn from(field: &types::Field) -> Self {
        let kind = match &field.type_ {
            None | Some(types::FieldType::Text) => FieldKind::Text,
            Some(types::FieldType::Password) => FieldKind::Password,
            Some(types::FieldType::Date) => FieldKind::Date,
            Some(types::FieldType::Number) => FieldKind::Number,
            Some(types::FieldType::Hidden) => FieldKind::Hidden,
            Some(types::FieldType::List) => FieldKind::Choice(
                field
                    .values
                    .iter()
                    .filter_map(|v| {
                        let value = v.value.clone()?;
                        Some(Choice {
                            label: v.label.clone().unwrap_or_else(|| value.clone()),
                            value,
                        })
                    })
                    .collect(),
            ),
            Some(types::FieldType::Other(other)) => FieldKind::Other(other.clone()),
        };
        let name = field.name.clone().unwrap_or_default();
        FieldPrompt {
            label: field.label.clone().unwrap_or_else(|| name.clone()),
            name,
            kind,
            required: field.required != Some(false),
            regex: field.regex.clone().filter(|r| !r.is_empty()),
            description: field.description.clone(),
        }
    }
}

pub(crate) fn prompts(fields: &[types::Field]) -> Vec<FieldPrompt> {
    fields.iter().map(FieldPrompt::from).collect()
}

/// How to send the user back to the bank for a connection (SCA, redirect authentication).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconnect {
    /// The connection to recover.
    pub connection_id: i64,
}

impl Reconnect {
    /// The webview `reconnect` URL; `code` comes from
    /// [`Client::temporary_code`](crate::Client::temporary_code) (single access).
    pub fn webview_url(
        &self,
        webview: &Webview,
        redirect_uri: &str,
        code: &SecretString,
    ) -> Result<url::Url, Error> {
        webview
            .reconnect(redirect_uri, self.connection_id)
            .code(code.clone())
            .build()
    }

    /// The API's `/webauth` URL for the connection (for `webauth` connectors).
    pub fn webauth_url(
        &self,
        webview: &Webview,
        redirect_uri: &str,
        code: &SecretString,
    ) -> Result<url::Url, Error> {
        webview
            .webauth_for_connection(redirect_uri, self.connection_id)
            .code(code.clone())
            .build()
    }
}

/// What the user must do for a connection to synchronize.
///
/// Meant to map onto a provider-independent challenge: fields to fill
/// ([`fields`](Self::fields), with choice lists), a redirect (SCA, webauth: a URL), a decoupled
/// approval (wait, then resume), or a blocking message.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAction {
    /// The bank wants more (`additionalInformationNeeded`, HTTP 202): an OTP, an SMS code, a
    /// choice. Answer with [`Client::answer_connection`].
    AdditionalInformation {
        /// What to ask.
        fields: Vec<FieldPrompt>,
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// The user must approve in the bank's app or device (`decoupled`); then
    /// [`Client::resume_connection`].
    Decoupled {
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// A strong authentication must be done (`SCARequired`, e.g. every 180 days): the webview
    /// `reconnect` flow.
    Sca {
        /// Where to send the user.
        reconnect: Reconnect,
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// A redirect authentication must be done (`webauthRequired`): the webview or `/webauth`.
    Webauth {
        /// Where to send the user.
        reconnect: Reconnect,
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// The bank refused the credentials (`wrongpass`); new ones are needed.
    WrongPassword {
        /// The fields to ask again, when given.
        fields: Vec<FieldPrompt>,
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// The password expired and must be changed on the bank's website (`passwordExpired`).
    PasswordExpired {
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// The user must do something on the bank's website (`actionNeeded`).
    ActionNeeded {
        /// The bank's message, if any.
        message: Option<String>,
    },
    /// A state this crate does not know (or `notSupported`), as sent.
    Other {
        /// The state.
        state: String,
        /// Fields, if the connection has some.
        fields: Vec<FieldPrompt>,
        /// The bank's message, if any.
        message: Option<String>,
    },
}

impl UserAction {
    /// The fields to ask the user for (empty for redirects and approvals).
    pub fn fields(&self) -> &[FieldPrompt] {
        match self {
            UserAction::AdditionalInformation { fields, .. }
            | UserAction::WrongPassword { fields, .. }
            | UserAction::Other { fields, .. } => fields,
            _ => &[],
        }
    }

    /// The bank's message, if any.
    pub fn message(&self) -> Option<&str> {
        match self {
            UserAction::AdditionalInformation { message, .. }
            | UserAction::Decoupled { message }
            | UserAction::Sca { message, .. }
            | UserAction::Webauth { message, .. }
            | UserAction::WrongPassword { message, .. }
            | UserAction::PasswordExpired { message }
            | UserAction::ActionNeeded { message }
            | UserAction::Other { message, .. } => message.as_deref(),
        }
    }

    /// Where to send the user, for SCA and webauth.
    pub fn reconnect(&self) -> Option<&Reconnect> {
        match self {
            UserAction::Sca { reconnect, .. } | UserAction::Webauth { reconnect, .. } => {
                Some(reconnect)
            }
            _ => None,
        }
    }
}

/// How a connection call (or a connection read elsewhere) turned out.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum ConnectionOutcome {
    /// The connection synchronized (`state` null).
    Synced(Box<Connection>),
    /// The user must act before it can synchronize.
    UserActionNeeded {
        /// The connection as answered.
        connection: Box<Connection>,
        /// What the user must do.
        action: UserAction,
    },
    /// Nothing for the user to do: the bank or the API is busy or failing (`validating`,
    /// `rateLimiting`, `websiteUnavailable`, `bug`); try later, at `next_try` if given.
    Retry {
        /// The connection as answered.
        connection: Box<Connection>,
        /// Why.
        state: ConnectionState,
        /// When Powens plans the next attempt.
        next_try: Option<Timestamp>,
    },
}

impl ConnectionOutcome {
    /// Sorts out a connection by its `state` (or its deprecated `error`); `status` is the HTTP
    /// status it came with (202 means more information is needed even without a state).
    pub fn from_connection(connection: Connection, status: StatusCode) -> ConnectionOutcome {
        let state = connection
            .state
            .clone()
            .or_else(|| connection.error.clone());
        let message = connection.error_message.clone().filter(|m| !m.is_empty());
        let fields = prompts(&connection.fields);
        let reconnect = Reconnect {
            connection_id: connection.id,
        };
        let action = match state {
            None if status == StatusCode::ACCEPTED => {
                UserAction::AdditionalInformation { fields, message }
            }
            None => return ConnectionOutcome::Synced(Box::new(connection)),
            Some(state) => match state {
                ConnectionState::AdditionalInformationNeeded => {
                    UserAction::AdditionalInformation { fields, message }
                }
                ConnectionState::Decoupled => UserAction::Decoupled { message },
                ConnectionState::ScaRequired => UserAction::Sca { reconnect, message },
                ConnectionState::WebauthRequired => UserAction::Webauth { reconnect, message },
                ConnectionState::Wrongpass => UserAction::WrongPassword { fields, message },
                ConnectionState::PasswordExpired => UserAction::PasswordExpired { message },
                ConnectionState::ActionNeeded => UserAction::ActionNeeded { message },
                ConnectionState::Validating
                | ConnectionState::RateLimiting
                | ConnectionState::WebsiteUnavailable
                | ConnectionState::Bug => {
                    let next_try = connection.next_try;
                    return ConnectionOutcome::Retry {
                        connection: Box::new(connection),
                        state,
                        next_try,
                    };
                }
                other => UserAction::Other {
                    state: other.to_string(),
                    fields,
                    message,
                },
            },
        };
        ConnectionOutcome::UserActionNeeded {
            connection: Box::new(connection),
            action,
        }
    }

    /// The connection, whatever the outcome.
    pub fn connection(&self) -> &Connection {
        match self {
            ConnectionOutcome::Synced(connection)
            | ConnectionOutcome::UserActionNeeded { connection, .. }
            | ConnectionOutcome::Retry { connection, .. } => connection,
        }
    }

    /// The action needed, if any.
    pub fn action(&self) -> Option<&UserAction> {
        match self {
            ConnectionOutcome::UserActionNeeded { action, .. } => Some(action),
            _ => None,
        }
    }

    /// Whether the connection synchronized.
    pub fn is_synced(&self) -> bool {
        matches!(self, ConnectionOutcome::Synced(_))
    }
}

/// What [`Client::connect`]'s closure answers to a [`UserAction`].
#[non_exhaustive]
#[derive(Debug, Clone)]
pub enum Answer {
    /// Values for the requested fields.
    Fields(FieldValues),
    /// The user approved (decoupled): resume the connection.
    Resume,
}

/// Decodes a connection answer; Budgea 2.0's 202 may name the id `id_connection`.
fn decode_connection(status: StatusCode, mut value: Value) -> Result<Connection, Error> {
    if let Value::Object(map) = &mut value {
        if !map.contains_key("id") {
            if let Some(id) = map.get("id_connection").cloned() {
                map.insert("id".into(), id);
            }
        }
    }
    serde_json::from_value(value).map_err(|e| Error::Decode {
        status: Some(status),
        message: e.to_string(),
        snippet: String::new(),
    })
}

fn check_id(what: &str, id: i64) -> Result<(), Error> {
    if id <= 0 {
        return Err(Error::InvalidRequest(format!("{id} is not a {what} id")));
    }
    Ok(())
}

impl Client {
    async fn connection_call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<ConnectionOutcome, Error> {
        let mut url = self.url(path)?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query {
                pairs.append_pair(name, value);
            }
        }
        let long = method != Method::GET;
        let request = self.json_request(method.clone(), url, body, long)?;
        let class = if method == Method::GET {
            RetryClass::Idempotent
        } else {
            RetryClass::from_method(&method)
        };
        let (status, value) = self.send_json::<Value>(request, class).await?;
        let connection = decode_connection(status, value)?;
        Ok(ConnectionOutcome::from_connection(connection, status))
    }

    /// `POST /users/me/connections`: creates a connection with the user's credentials and
    /// synchronizes it. A bank refusal with no connection created (`400 wrongpass`,
    /// `websiteUnavailable`) is an [`Error::Api`].
    pub async fn create_connection(
        &self,
        request: &NewConnection,
    ) -> Result<ConnectionOutcome, Error> {
        let body = request.body()?;
        let mut query = Vec::new();
        if let Some(source) = &request.source {
            query.push(("source", source.clone()));
        }
        if !request.expand.is_empty() {
            query.push(("expand", request.expand.join(",")));
        }
        self.connection_call(Method::POST, "/users/me/connections", &query, Some(&body))
            .await
    }

    /// `POST /users/me/connections/{id}` with the answers to the connection's `fields` (an OTP,
    /// an SMS code, new credentials).
    pub async fn answer_connection(
        &self,
        connection_id: i64,
        values: &FieldValues,
    ) -> Result<ConnectionOutcome, Error> {
        check_id("connection", connection_id)?;
        if values.is_empty() {
            return Err(Error::InvalidRequest("no field values to send".into()));
        }
        let mut body = Map::new();
        values.write_into(&mut body)?;
        self.connection_call(
            Method::POST,
            &format!("/users/me/connections/{connection_id}"),
            &[],
            Some(&Value::Object(body)),
        )
        .await
    }

    /// `POST /users/me/connections/{id}` with `{"resume": true}`: continues a `decoupled`
    /// connection once the user approved.
    pub async fn resume_connection(&self, connection_id: i64) -> Result<ConnectionOutcome, Error> {
        check_id("connection", connection_id)?;
        self.connection_call(
            Method::POST,
            &format!("/users/me/connections/{connection_id}"),
            &[],
            Some(&serde_json::json!({ "resume": true })),
        )
        .await
    }

    /// `GET /users/me/connections/{id}`: reads a connection and sorts out its state (to poll a
    /// decoupled or background synchronization).
    pub async fn connection_status(&self, connection_id: i64) -> Result<ConnectionOutcome, Error> {
        check_id("connection", connection_id)?;
        self.connection_call(
            Method::GET,
            &format!("/users/me/connections/{connection_id}"),
            &[],
            None,
        )
        .await
    }

    /// Creates a connection and answers the bank until it is synchronized: `answer` gets each
    /// [`UserAction`] and returns the [`Answer`] (field values, or resume after a decoupled
    /// approval), or `None` to stop and return the outcome as it is (e.g. to send the user to
    /// the webview for SCA). At most [`MAX_ROUNDS`] answers.
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use budgea::connections::{Answer, FieldValues, NewConnection, UserAction};
    /// use budgea::{Client, Token};
    /// use httpmock::prelude::*;
    /// use serde_json::json;
    ///
    /// let server = MockServer::start_async().await;
    /// let create = server.mock_async(|when, then| {
    ///     when.method(POST).path("/2.0/users/me/connections")
    ///         .json_body(json!({"id_connector": 59, "login": "12345678", "password": "123456"}));
    ///     then.status(202).json_body(json!({"id": 7, "state": "additionalInformationNeeded",
    ///         "fields": [{"name": "otp", "label": "Code reçu par SMS", "type": "password"}]}));
    /// }).await;
    /// let answer = server.mock_async(|when, then| {
    ///     when.method(POST).path("/2.0/users/me/connections/7").json_body(json!({"otp": "4242"}));
    ///     then.status(200).json_body(json!({"id": 7, "state": null, "id_connector": 59}));
    /// }).await;
    ///
    /// let client = Client::builder().base_url(server.url("/2.0")).token(Token::user("t")).build()?;
    /// let request = NewConnection::connector_id(59).field("login", "12345678").field("password", "123456");
    /// let outcome = client.connect(&request, |action, _connection| {
    ///     let answer = match action {
    ///         UserAction::AdditionalInformation { fields, .. } if fields[0].name == "otp" => {
    ///             Some(Answer::Fields(FieldValues::new().with("otp", "4242")))
    ///         }
    ///         _ => None,
    ///     };
    ///     async move { answer }
    /// }).await?;
    /// assert!(outcome.is_synced());
    /// create.assert_async().await;
    /// answer.assert_async().await;
    /// # Ok::<_, budgea::Error>(()) }).unwrap();
    /// ```
    pub async fn connect<F, Fut>(
        &self,
        request: &NewConnection,
        mut answer: F,
    ) -> Result<ConnectionOutcome, Error>
    where
        F: FnMut(UserAction, &Connection) -> Fut,
        Fut: Future<Output = Option<Answer>>,
    {
        let mut outcome = self.create_connection(request).await?;
        for _ in 0..MAX_ROUNDS {
            let ConnectionOutcome::UserActionNeeded { connection, action } = &outcome else {
                return Ok(outcome);
            };
            let id = connection.id;
            match answer(action.clone(), connection).await {
                Some(Answer::Fields(values)) => {
                    outcome = self.answer_connection(id, &values).await?;
                }
                Some(Answer::Resume) => outcome = self.resume_connection(id).await?,
                None => return Ok(outcome),
            }
        }
        match outcome {
            ConnectionOutcome::UserActionNeeded { .. } => Err(Error::Flow(format!(
                "the bank still asks for more after {MAX_ROUNDS} answers"
            ))),
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn connection(value: Value) -> Connection {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn states_become_outcomes() {
        let ok = ConnectionOutcome::from_connection(
            connection(json!({"id": 1, "state": null})),
            StatusCode::OK,
        );
        assert!(ok.is_synced());
        let sca = ConnectionOutcome::from_connection(
            connection(json!({"id": 2, "state": "SCARequired"})),
            StatusCode::OK,
        );
        assert_eq!(
            sca.action().and_then(UserAction::reconnect),
            Some(&Reconnect { connection_id: 2 })
        );
        let legacy = ConnectionOutcome::from_connection(
            connection(json!({"id": 3, "error": "wrongpass", "error_message": "Bad"})),
            StatusCode::OK,
        );
        assert!(matches!(
            legacy.action(),
            Some(UserAction::WrongPassword { .. })
        ));
        assert_eq!(legacy.action().unwrap().message(), Some("Bad"));
        let retry = ConnectionOutcome::from_connection(
            connection(
                json!({"id": 4, "state": "websiteUnavailable", "next_try": "2024-01-01 10:00:00"}),
            ),
            StatusCode::OK,
        );
        assert!(matches!(
            retry,
            ConnectionOutcome::Retry {
                next_try: Some(_),
                ..
            }
        ));
        let unknown = ConnectionOutcome::from_connection(
            connection(json!({"id": 5, "state": "brandNewState"})),
            StatusCode::OK,
        );
        assert!(
            matches!(unknown.action(), Some(UserAction::Other { state, .. }) if state == "brandNewState")
        );
        let accepted = ConnectionOutcome::from_connection(
            connection(
                json!({"id": 6, "fields": [{"name": "sms", "type": "list", "values": [{"value": "a", "label": "A"}]}]}),
            ),
            StatusCode::ACCEPTED,
        );
        let fields = accepted.action().unwrap().fields();
        assert_eq!(
            fields[0].kind,
            FieldKind::Choice(vec![Choice {
                value: "a".into(),
                label: "A".into()
            }])
        );
    }

    #[test]
    fn requests_are_checked_before_sending() {
        let fields: Vec<types::Field> = serde_json::from_value(json!([
            {"name": "login", "type": "text"},
            {"name": "password", "type": "password"},
            {"name": "website", "type": "list", "required": false}
        ]))
        .unwrap();
        let missing = NewConnection::connector_id(59)
            .field("login", "x")
            .require_fields(&fields);
        assert!(matches!(missing.body(), Err(Error::InvalidRequest(m)) if m.contains("password")));
        let ok = missing.field("password", "secret");
        assert_eq!(
            ok.body().unwrap(),
            json!({"id_connector": 59, "login": "x", "password": "secret"})
        );
        assert!(!format!("{ok:?}").contains("secret"));
        assert!(NewConnection::connector_uuid(" ").body().is_err());
        assert!(NewConnection::connector_id(0).body().is_err());
        assert!(NewConnection::connector_id(1)
            .field("login", "")
            .body()
            .is_err());
        let decoded = decode_connection(StatusCode::ACCEPTED, json!({"id_connection": 9})).unwrap();
        assert_eq!(decoded.id, 9);
    }
}
