//! Identifiers, kept exactly as Intuit sends them.
//!
//! Intuit's ids are numeric (`long` in the schemas), but documentation samples carry leading
//! zeros (`000000000001`), so they are kept as text and never re-formatted. Before an id is put
//! in a request path it is checked to be made of ASCII digits only, so that no path can be
//! smuggled through it.

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, yaserde::DefaultYaSerde)]
        pub struct $name(String);

        impl $name {
            /// The id from its text, as Intuit sent it.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into().trim().to_owned())
            }

            /// The id as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as a number, when it fits (leading zeros are lost).
            pub fn as_u64(&self) -> Option<u64> {
                self.0.parse().ok()
            }

            /// The id checked for use in a request path: non-empty ASCII digits.
            #[allow(dead_code)]
            pub(crate) fn for_path(&self) -> Result<&str, crate::Error> {
                if !self.0.is_empty() && self.0.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(&self.0)
                } else {
                    Err(crate::Error::invalid_request(format!(
                        concat!($what, " must be a number, got {:?}"),
                        self.0
                    )))
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::new(s))
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name::new(id)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name::new(id)
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                $name::new(id.as_str())
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id.to_string())
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// An institution's id (`100000` is Intuit's test bank "CCBank").
    ///
    /// ```
    /// use intuit_aggcat::InstitutionId;
    /// assert_eq!(InstitutionId::from(100000).as_str(), "100000");
    /// ```
    InstitutionId,
    "an institution id"
);
id_type!(
    /// An account's id, as Intuit sent it (leading zeros kept).
    ///
    /// ```
    /// use intuit_aggcat::AccountId;
    /// let id = AccountId::from("000000000001");
    /// assert_eq!((id.as_str(), id.as_u64()), ("000000000001", Some(1)));
    /// ```
    AccountId,
    "an account id"
);
id_type!(
    /// The id of an institution login (one set of credentials at one institution), found as
    /// `institutionLoginId` on every account it gave access to.
    ///
    /// ```
    /// use intuit_aggcat::LoginId;
    /// assert_eq!(LoginId::from(83850162).to_string(), "83850162");
    /// ```
    LoginId,
    "a login id"
);
id_type!(
    /// A transaction's id. Pending transactions get a new id once posted.
    ///
    /// ```
    /// use intuit_aggcat::TransactionId;
    /// assert_eq!(TransactionId::from("75000088503").as_u64(), Some(75000088503));
    /// ```
    TransactionId,
    "a transaction id"
);
id_type!(
    /// An investment position's id.
    ///
    /// ```
    /// use intuit_aggcat::PositionId;
    /// assert_eq!(PositionId::from("000000000002").as_str(), "000000000002");
    /// ```
    PositionId,
    "a position id"
);
