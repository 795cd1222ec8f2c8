//! `Institutions` (GET /institutions) and `InstitutionDetail` (GET /institutions/{id}), in
//! `institution/v1`; address fields in `common/v1`.

use yaserde::YaDeserialize;

use crate::ids::InstitutionId;

/// The list of every institution Intuit aggregates (about 19,000 entries).
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "Institutions",
    prefix = "inst",
    default_namespace = "inst",
    namespaces = { "inst" = "http://schema.intuit.com/platform/fdatafeed/institution/v1" }
)]
pub struct Institutions {
    /// The institutions, in the order sent.
    #[yaserde(rename = "institution", prefix = "inst")]
    pub institutions: Vec<Institution>,
}

/// One entry of [`Institutions`].
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "institution",
    prefix = "inst",
    default_namespace = "inst",
    namespaces = { "inst" = "http://schema.intuit.com/platform/fdatafeed/institution/v1" }
)]
pub struct Institution {
    /// The institution's id.
    #[yaserde(rename = "institutionId", prefix = "inst")]
    pub institution_id: InstitutionId,
    /// Its name.
    #[yaserde(rename = "institutionName", prefix = "inst")]
    pub institution_name: Option<String>,
    /// Its web site.
    #[yaserde(rename = "homeUrl", prefix = "inst")]
    pub home_url: Option<String>,
    /// Its phone number.
    #[yaserde(rename = "phoneNumber", prefix = "inst")]
    pub phone_number: Option<String>,
    /// Whether it is a "virtual" institution (an aggregate of others).
    #[yaserde(rename = "virtual", prefix = "inst")]
    pub is_virtual: Option<bool>,
}

/// Everything Intuit knows about one institution, including the login fields it needs.
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "InstitutionDetail",
    prefix = "inst",
    default_namespace = "inst",
    namespaces = {
        "inst" = "http://schema.intuit.com/platform/fdatafeed/institution/v1",
        "common" = "http://schema.intuit.com/platform/fdatafeed/common/v1"
    }
)]
pub struct InstitutionDetail {
    /// The institution's id.
    #[yaserde(rename = "institutionId", prefix = "inst")]
    pub institution_id: InstitutionId,
    /// Its name.
    #[yaserde(rename = "institutionName", prefix = "inst")]
    pub institution_name: Option<String>,
    /// Its web site.
    #[yaserde(rename = "homeUrl", prefix = "inst")]
    pub home_url: Option<String>,
    /// Its phone number.
    #[yaserde(rename = "phoneNumber", prefix = "inst")]
    pub phone_number: Option<String>,
    /// Whether it is a "virtual" institution.
    #[yaserde(rename = "virtual", prefix = "inst")]
    pub is_virtual: Option<bool>,
    /// Status (required by the XSD, omitted by the live service).
    #[yaserde(rename = "status", prefix = "inst")]
    pub status: Option<String>,
    /// Postal address.
    #[yaserde(rename = "address", prefix = "inst")]
    pub address: Option<Address>,
    /// Contact e-mail (often a URL in practice).
    #[yaserde(rename = "emailAddress", prefix = "inst")]
    pub email_address: Option<String>,
    /// Free text Intuit shows about the institution.
    #[yaserde(rename = "specialText", prefix = "inst")]
    pub special_text: Option<String>,
    /// Currency (ISO 4217).
    #[yaserde(rename = "currencyCode", prefix = "inst")]
    pub currency_code: Option<String>,
    /// The login keys, unsorted as sent; see [`InstitutionDetail::credential_fields`].
    #[yaserde(rename = "keys", prefix = "inst")]
    pub keys: Option<Keys>,
}

/// A postal address (`common/v1` fields).
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "address",
    prefix = "inst",
    namespaces = {
        "inst" = "http://schema.intuit.com/platform/fdatafeed/institution/v1",
        "common" = "http://schema.intuit.com/platform/fdatafeed/common/v1"
    }
)]
pub struct Address {
    /// First line.
    #[yaserde(rename = "address1", prefix = "common")]
    pub address1: Option<String>,
    /// Second line.
    #[yaserde(rename = "address2", prefix = "common")]
    pub address2: Option<String>,
    /// Third line.
    #[yaserde(rename = "address3", prefix = "common")]
    pub address3: Option<String>,
    /// City.
    #[yaserde(rename = "city", prefix = "common")]
    pub city: Option<String>,
    /// State or province.
    #[yaserde(rename = "state", prefix = "common")]
    pub state: Option<String>,
    /// Postal code (a string: codes have leading zeros and letters).
    #[yaserde(rename = "postalCode", prefix = "common")]
    pub postal_code: Option<String>,
    /// Country.
    #[yaserde(rename = "country", prefix = "common")]
    pub country: Option<String>,
}

/// The `keys` wrapper of [`InstitutionDetail`].
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "keys",
    prefix = "inst",
    namespaces = { "inst" = "http://schema.intuit.com/platform/fdatafeed/institution/v1" }
)]
pub struct Keys {
    /// The keys, in the order sent.
    #[yaserde(rename = "key", prefix = "inst")]
    pub keys: Vec<Key>,
}

/// One login key of an institution (a user id, a password, a PIN, or a hidden setting).
#[derive(Debug, Clone, Default, PartialEq, YaDeserialize)]
#[yaserde(
    rename = "key",
    prefix = "inst",
    namespaces = { "inst" = "http://schema.intuit.com/platform/fdatafeed/institution/v1" }
)]
pub struct Key {
    /// The key's name: the `name` to send in the login's credentials.
    #[yaserde(rename = "name", prefix = "inst")]
    pub name: String,
    /// A value Intuit already knows (hidden keys such as `TAX_AGGR_ENABLED`).
    #[yaserde(rename = "val", prefix = "inst")]
    pub val: Option<String>,
    /// Status (e.g. `Active`).
    #[yaserde(rename = "status", prefix = "inst")]
    pub status: Option<String>,
    /// Shortest accepted value.
    #[yaserde(rename = "valueLengthMin", prefix = "inst")]
    pub value_length_min: Option<u32>,
    /// Longest accepted value.
    #[yaserde(rename = "valueLengthMax", prefix = "inst")]
    pub value_length_max: Option<u32>,
    /// Whether the key is shown to the user (only those belong in a login form).
    #[yaserde(rename = "displayFlag", prefix = "inst")]
    pub display_flag: Option<bool>,
    /// Position in the login form.
    #[yaserde(rename = "displayOrder", prefix = "inst")]
    pub display_order: Option<i32>,
    /// Whether the value is secret (a password input).
    #[yaserde(rename = "mask", prefix = "inst")]
    pub mask: Option<bool>,
    /// Instructions to show beside the input.
    #[yaserde(rename = "instructions", prefix = "inst")]
    pub instructions: Option<String>,
    /// Description (the label).
    #[yaserde(rename = "description", prefix = "inst")]
    pub description: Option<String>,
}

impl InstitutionDetail {
    /// The keys the user must fill in, sorted by display order (numerically: `10` after `2`),
    /// ready to build a login form. Hidden keys (`displayFlag` false) are left out.
    ///
    /// ```
    /// use intuit_aggcat::models::InstitutionDetail;
    ///
    /// let body = br#"<InstitutionDetail xmlns="http://schema.intuit.com/platform/fdatafeed/institution/v1">
    ///   <institutionId>100000</institutionId><keys>
    ///   <key><name>PIN</name><displayFlag>true</displayFlag><displayOrder>10</displayOrder><mask>true</mask></key>
    ///   <key><name>User</name><displayFlag>true</displayFlag><displayOrder>2</displayOrder><mask>false</mask></key>
    ///   <key><name>TAX_AGGR_ENABLED</name><val>true</val><displayFlag>false</displayFlag><displayOrder>1</displayOrder></key>
    ///   </keys></InstitutionDetail>"#;
    /// let detail = InstitutionDetail::from_xml(body)?;
    /// let names: Vec<_> = detail.credential_fields().iter().map(|f| f.name.clone()).collect();
    /// assert_eq!(names, ["User", "PIN"]);
    /// # Ok::<_, intuit_aggcat::Error>(())
    /// ```
    pub fn credential_fields(&self) -> Vec<crate::credentials::CredentialField> {
        let mut fields: Vec<crate::credentials::CredentialField> = self
            .keys
            .iter()
            .flat_map(|k| k.keys.iter())
            .filter(|k| k.display_flag == Some(true))
            .map(crate::credentials::CredentialField::from_key)
            .collect();
        // Stable: keys with the same order keep the order Intuit sent them in.
        fields.sort_by_key(|f| f.display_order);
        fields
    }
}
