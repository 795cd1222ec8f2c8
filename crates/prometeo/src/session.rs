//! A user's bank session: its key, its status, selecting a client, restoring, logging out.

use std::collections::BTreeMap;
use std::fmt;

use bankapi_core::lenient;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::client::{Call, Client};
use crate::Error;

/// Where a login stands.
///
/// ```
/// use prometeo::LoginStatus;
///
/// let status = LoginStatus::InteractionRequired { context: "OTP required".into(), field: "otp".into() };
/// assert_eq!(status.as_str(), "interaction_required");
/// assert!(!status.is_logged_in());
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStatus {
    /// Logged in: data calls work.
    LoggedIn,
    /// The user has several profiles ("clients"): list them with [`Session::clients`] and pick
    /// one with [`Session::select_client`].
    SelectClient,
    /// The bank asks something more (a personal question, an OTP): show `context` to the user
    /// and answer with [`Session::finish_login`].
    InteractionRequired {
        /// The question or instructions, as the bank words them.
        context: String,
        /// The login field the answer goes in (`personal_question`, `otp`, …).
        field: String,
    },
    /// A status this version of the crate does not know, kept as sent.
    Other(String),
}

impl LoginStatus {
    /// The status as Prometeo spells it.
    pub fn as_str(&self) -> &str {
        match self {
            LoginStatus::LoggedIn => "logged_in",
            LoginStatus::SelectClient => "select_client",
            LoginStatus::InteractionRequired { .. } => "interaction_required",
            LoginStatus::Other(other) => other,
        }
    }

    /// Whether data calls can be made.
    pub fn is_logged_in(&self) -> bool {
        *self == LoginStatus::LoggedIn
    }
}

impl fmt::Display for LoginStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of the profiles ("clients") a user can act as, after [`LoginStatus::SelectClient`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientProfile {
    /// The id to pass to [`Session::select_client`].
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A logged-in (or logging-in) bank session.
///
/// It holds the session key, a secret that [`Debug`] never prints. Move a session to another
/// process with [`Session::session_key`] and [`Client::restore_session`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
/// let mock = prometeo::mock::MockPrometeo::start().await;
/// mock.login_logged_in().await;
/// mock.accounts().await;
/// let session = mock.client().login(&prometeo::Login::new("test", "12345", "gfdsa")).await?;
///
/// // save the key somewhere (a task queue job, a database)…
/// let key = session.session_key().to_owned();
/// assert!(!format!("{session:?}").contains(&key));
///
/// // …and continue elsewhere.
/// let restored = mock.client().restore_session(key);
/// assert!(!restored.accounts().await?.is_empty());
/// # Ok(()) }
/// ```
pub struct Session {
    pub(crate) client: Client,
    pub(crate) key: SecretString,
    pub(crate) status: LoginStatus,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("key", &"[redacted]")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct ClientsBody {
    #[serde(default, deserialize_with = "clients_map")]
    clients: Vec<ClientProfile>,
}

/// `{"0": "First Client", …}`; also accepts a list of `{id, name}` and `null`.
fn clients_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ClientProfile>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Map(BTreeMap<String, serde_json::Value>),
        List(Vec<Item>),
    }
    #[derive(Deserialize)]
    struct Item {
        #[serde(default, deserialize_with = "lenient::string_or_null")]
        id: String,
        #[serde(default, deserialize_with = "lenient::string_or_null")]
        name: String,
    }
    let text = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut profiles: Vec<ClientProfile> = match Option::<Shape>::deserialize(d)? {
        None => Vec::new(),
        Some(Shape::Map(map)) => map
            .into_iter()
            .map(|(id, name)| ClientProfile {
                id,
                name: text(name),
            })
            .collect(),
        Some(Shape::List(items)) => items
            .into_iter()
            .map(|i| ClientProfile {
                id: i.id,
                name: i.name,
            })
            .collect(),
    };
    // Numeric ids in numeric order ("2" before "10"), as the bank lists them.
    profiles.sort_by(|a, b| match (a.id.parse::<u64>(), b.id.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.id.cmp(&b.id),
    });
    Ok(profiles)
}

impl Session {
    pub(crate) fn new(client: Client, key: SecretString, status: LoginStatus) -> Session {
        Session {
            client,
            key,
            status,
        }
    }

    /// Where the login stands.
    pub fn status(&self) -> &LoginStatus {
        &self.status
    }

    /// The session key, **in clear**: to store the session and restore it elsewhere with
    /// [`Client::restore_session`]. Treat it like a password: it gives access to the user's
    /// bank data until logout or expiry.
    pub fn session_key(&self) -> &str {
        self.key.expose_secret()
    }

    /// The client this session was opened with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn key(&self) -> &SecretString {
        &self.key
    }

    /// The profiles the user can act as (`GET /client/`); empty when the bank has no such
    /// concept.
    ///
    /// ```
    /// use prometeo::LoginStatus;
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// mock.login_select_client().await;
    /// mock.clients().await;
    /// mock.select_client("0").await;
    /// let mut session = mock.client().login(&prometeo::Login::new("test", "12345", "gfdsa")).await?;
    /// assert_eq!(session.status(), &LoginStatus::SelectClient);
    ///
    /// let clients = session.clients().await?;
    /// session.select_client(&clients[0].id).await?;
    /// assert_eq!(session.status(), &LoginStatus::LoggedIn);
    /// # Ok(()) }
    /// ```
    pub async fn clients(&self) -> Result<Vec<ClientProfile>, Error> {
        let answer = self
            .client
            .send(Call::get("GET /client/", "/client/"), Some(&self.key))
            .await?;
        Ok(answer.decode::<ClientsBody>()?.clients)
    }

    /// Acts as the client `id` from [`Session::clients`] (`GET /client/{id}/`); the session is
    /// then [`LoginStatus::LoggedIn`].
    pub async fn select_client(&mut self, id: &str) -> Result<(), Error> {
        if id.is_empty() {
            return Err(Error::invalid("a client id is required"));
        }
        let path = format!("/client/{}/", progenitor_client::encode_path(id));
        self.client
            .send(Call::get("GET /client/{client_id}/", path), Some(&self.key))
            .await?;
        self.status = LoginStatus::LoggedIn;
        Ok(())
    }

    /// Ends the session (`GET /logout/`); its key is invalid afterwards.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), prometeo::Error> {
    /// let mock = prometeo::mock::MockPrometeo::start().await;
    /// let logout = mock.logout().await;
    /// mock.client().restore_session(prometeo::mock::SESSION_KEY).logout().await?;
    /// logout.assert_async().await;
    /// # Ok(()) }
    /// ```
    pub async fn logout(self) -> Result<(), Error> {
        self.client
            .send(Call::get("GET /logout/", "/logout/"), Some(&self.key))
            .await?;
        Ok(())
    }
}

impl Client {
    /// A session from a key saved earlier with [`Session::session_key`] (no request is made;
    /// an expired key shows as [`Error::SessionExpired`] on the first call). The status is
    /// assumed to be [`LoginStatus::LoggedIn`].
    ///
    /// See [`Session`] for an example.
    pub fn restore_session(&self, key: impl Into<String>) -> Session {
        Session::new(
            self.clone(),
            SecretString::from(key.into()),
            LoginStatus::LoggedIn,
        )
    }
}
