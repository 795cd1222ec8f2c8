//! Providers, login (its three outcomes, its checks, its form), select-client and interaction
//! flows end to end.

use httpmock::Method::{GET, POST};
use prometeo::mock::{MockPrometeo, API_KEY, PASSWORD, PROVIDER, SESSION_KEY, USERNAME};
use prometeo::{DocumentType, Error, Login, LoginField, LoginStatus};
use serde_json::json;

fn login() -> Login {
    Login::new(PROVIDER, USERNAME, PASSWORD)
}

#[tokio::test]
async fn providers_are_listed_with_the_api_key_only() {
    let mock = MockPrometeo::start().await;
    let served = mock.providers().await;
    let providers = mock.client().providers().await.unwrap();
    served.assert_async().await;
    assert_eq!(providers.len(), 3);
    assert_eq!(
        (providers[1].code.as_str(), providers[1].country.as_str()),
        ("bbva_mx", "MX")
    );
}

#[tokio::test]
async fn provider_detail_builds_a_login_form() {
    let mock = MockPrometeo::start().await;
    let served = mock.provider_detail().await;
    let detail = mock.client().provider_detail("test").await.unwrap();
    served.assert_async().await;
    let form: Vec<&str> = detail.login_fields().map(|f| f.name.as_str()).collect();
    assert_eq!(form, ["username", "password", "type"]);
    assert!(detail.auth_field("personal_question").unwrap().interactive);
    let choices: Vec<&str> = detail
        .auth_field("type")
        .unwrap()
        .choices
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(choices, ["cedula_ciudadania", "pasaporte"]);
}

#[tokio::test]
async fn logged_in_posts_the_form_without_session_key() {
    let mock = MockPrometeo::start().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/login/")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header_missing("x-session-key")
                .query_param_count(".*", ".*", 0)
                .body("provider=bbva_mx&username=12345&password=gf+ds%26a&otp=11223&type=cedula_ciudadania");
            then.status(200).json_body(json!({"status": "logged_in", "key": SESSION_KEY}));
        })
        .await;
    let login = Login::new("bbva_mx", "12345", "gf ds&a")
        .field(LoginField::otp("11223"))
        .field(LoginField::DocumentType(DocumentType::CedulaCiudadania));
    let session = mock.client().login(&login).await.unwrap();
    served.assert_async().await;
    assert_eq!(session.status(), &LoginStatus::LoggedIn);
    assert_eq!(session.session_key(), SESSION_KEY);
}

#[tokio::test]
async fn every_extra_field_of_the_seed_table_is_sent_by_name() {
    let mock = MockPrometeo::start().await;
    let served = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/login/")
                .form_urlencoded_tuple("otp", "1")
                .form_urlencoded_tuple("personal_question", "2")
                .form_urlencoded_tuple("token", "3")
                .form_urlencoded_tuple("company_code", "4")
                .form_urlencoded_tuple("type", "nit_salvadoreno")
                .form_urlencoded_tuple("country_code", "UY")
                .form_urlencoded_tuple("document_number", "5")
                .form_urlencoded_tuple("custom_field", "6");
            then.status(200)
                .json_body(json!({"status": "logged_in", "key": "k"}));
        })
        .await;
    let login = login()
        .field(LoginField::otp("1"))
        .field(LoginField::personal_question("2"))
        .field(LoginField::token("3"))
        .field(LoginField::company_code("4"))
        .field(LoginField::document_type("nit_salvadoreno"))
        .field(LoginField::country_code("UY"))
        .field(LoginField::document_number("5"))
        .field(LoginField::other("custom_field", "6"));
    mock.client().login(&login).await.unwrap();
    served.assert_async().await;
    let shown = format!("{login:?}");
    for secret in ["otp=\"1\"", "\"2\"", "\"3\"", "\"6\"", PASSWORD] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("company_code=\"4\""), "{shown}");
}

#[test]
fn document_types_cover_the_seed_table() {
    let seed = [
        "cedula_ciudadania",
        "cedula_extranjeria",
        "nit",
        "tarjeta_identidad",
        "pasaporte",
        "tarjeta_seguro_social_extranjero",
        "sociedad_extranjera_sin_nit",
        "fideicomiso",
        "nit_menores",
        "rif_venezuela",
        "nit_extranjeria",
        "nit_persona_natural",
        "registro_civil_nacimiento",
        "nit_desasociado",
        "cif",
        "numero_identidad",
        "rtn",
        "cedula_identidad",
        "dimex",
        "ced",
        "pas",
        "documento_unico_identidad",
        "nit_salvadoreno",
    ];
    for text in seed {
        let parsed = DocumentType::from(text);
        assert!(
            !matches!(parsed, DocumentType::Other(_)),
            "{text} is not a known variant"
        );
        assert_eq!(parsed.as_str(), text);
    }
    assert_eq!(
        DocumentType::from("cedula_nacional").as_str(),
        "cedula_nacional"
    );
}

#[tokio::test]
async fn select_client_flow() {
    let mock = MockPrometeo::start().await;
    let flow = mock.select_client_flow("1").await;
    let accounts_mock = mock.accounts().await;

    let mut session = mock.client().login(&login()).await.unwrap();
    assert_eq!(session.status(), &LoginStatus::SelectClient);
    let clients = session.clients().await.unwrap();
    let pairs: Vec<(&str, &str)> = clients
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(pairs, [("0", "First Client"), ("1", "Second Client")]);
    session.select_client(&clients[1].id).await.unwrap();
    assert_eq!(session.status(), &LoginStatus::LoggedIn);
    assert_eq!(session.accounts().await.unwrap().len(), 2);

    flow.login.assert_async().await;
    flow.clients.assert_async().await;
    flow.select.assert_async().await;
    accounts_mock.assert_async().await;
}

#[tokio::test]
async fn no_clients_is_an_empty_list() {
    let mock = MockPrometeo::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET)
                .path("/client/")
                .header("x-session-key", SESSION_KEY);
            then.status(200)
                .json_body(json!({"status": "success", "clients": {}}));
        })
        .await;
    let session = mock.client().restore_session(SESSION_KEY);
    assert!(session.clients().await.unwrap().is_empty());
}

#[tokio::test]
async fn interaction_flow_answers_in_the_named_field() {
    let mock = MockPrometeo::start().await;
    let flow = mock.interaction_flow("OTP required", "otp", "8888").await;

    let login = login();
    let mut session = mock.client().login(&login).await.unwrap();
    assert_eq!(
        session.status(),
        &LoginStatus::InteractionRequired {
            context: "OTP required".into(),
            field: "otp".into()
        }
    );
    let status = session.finish_login(&login, "8888").await.unwrap();
    assert_eq!(status, &LoginStatus::LoggedIn);
    // The answer did not repeat the key: the first one is kept.
    assert_eq!(session.session_key(), SESSION_KEY);
    flow.login.assert_async().await;
    flow.answer.assert_async().await;
}

#[tokio::test]
async fn interaction_can_ask_twice_and_renew_the_key() {
    let mock = MockPrometeo::start().await;
    mock.login_interaction_required("¿Nombre de su primera mascota?", "personal_question")
        .await;
    let again = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/login/")
                .header("x-session-key", SESSION_KEY)
                .form_urlencoded_tuple("personal_question", "firulais");
            then.status(200).json_body(json!({"status": "interaction_required", "context": "OTP required", "field": "otp", "key": "second-key"}));
        })
        .await;
    let done = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/login/")
                .header("x-session-key", "second-key")
                .form_urlencoded_tuple("otp", "8888")
                .form_urlencoded_tuple_missing("personal_question");
            then.status(200)
                .json_body(json!({"status": "logged_in", "key": "second-key"}));
        })
        .await;
    let login = login();
    let mut session = mock.client().login(&login).await.unwrap();
    match session.status() {
        LoginStatus::InteractionRequired { context, field } => {
            assert_eq!(
                (context.as_str(), field.as_str()),
                ("¿Nombre de su primera mascota?", "personal_question")
            );
        }
        other => panic!("{other:?}"),
    }
    session.finish_login(&login, "firulais").await.unwrap();
    assert!(
        matches!(session.status(), LoginStatus::InteractionRequired { field, .. } if field == "otp")
    );
    session.finish_login(&login, "8888").await.unwrap();
    assert!(session.status().is_logged_in());
    assert_eq!(session.session_key(), "second-key");
    again.assert_async().await;
    done.assert_async().await;
}

#[tokio::test]
async fn a_wrong_answer_is_wrong_credentials() {
    let mock = MockPrometeo::start().await;
    mock.login_interaction_required("OTP required", "otp").await;
    mock.server()
        .mock_async(|when, then| {
            when.method(POST)
                .path("/login/")
                .header("x-session-key", SESSION_KEY);
            then.status(403)
                .json_body(json!({"status": "wrong_credentials"}));
        })
        .await;
    let login = login();
    let mut session = mock.client().login(&login).await.unwrap();
    let error = session.finish_login(&login, "0000").await.unwrap_err();
    assert!(matches!(error, Error::WrongCredentials(_)), "{error:?}");
}

#[tokio::test]
async fn unknown_statuses_are_kept() {
    let mock = MockPrometeo::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(POST).path("/login/");
            then.status(200)
                .json_body(json!({"status": "password_change_required", "key": "k"}));
        })
        .await;
    let session = mock.client().login(&login()).await.unwrap();
    assert_eq!(
        session.status(),
        &LoginStatus::Other("password_change_required".into())
    );
}

#[tokio::test]
async fn login_is_checked_against_known_provider_details_before_sending() {
    let mock = MockPrometeo::start().await;
    mock.server()
        .mock_async(|when, then| {
            when.method(GET).path("/provider/bbva_mx/");
            then.status(200).json_body(json!({"status": "success", "provider": {"name": "bbva_mx", "auth_fields": [
                {"name": "username", "type": "text", "optional": false, "interactive": false},
                {"name": "password", "type": "password", "optional": false, "interactive": false},
                {"name": "otp", "type": "text", "optional": false, "interactive": false},
                {"name": "type", "type": "choice", "optional": true, "interactive": false,
                 "choices": [{"name": "nit"}, {"name": "pasaporte"}]},
                {"name": "personal_question", "type": "text", "optional": false, "interactive": true}
            ]}}));
        })
        .await;
    let login_mock = mock
        .server()
        .mock_async(|when, then| {
            when.method(POST).path("/login/");
            then.status(200)
                .json_body(json!({"status": "logged_in", "key": "k"}));
        })
        .await;
    let client = mock.client();
    let bare = Login::new("bbva_mx", "12345", "gfdsa");
    // Before the details are known, only the basics are checked.
    client.login(&bare).await.unwrap();
    login_mock.assert_calls_async(1).await;

    client.provider_detail("bbva_mx").await.unwrap();
    let missing = client.login(&bare).await.unwrap_err();
    assert!(
        matches!(&missing, Error::InvalidInput(m) if m.contains("`otp`")),
        "{missing}"
    );
    assert_eq!(
        bankapi_core::ProviderError::kind(&missing),
        bankapi_core::ErrorKind::InvalidRequest
    );
    let bad_choice = bare
        .clone()
        .field(LoginField::otp("1"))
        .field(LoginField::DocumentType(DocumentType::Rtn));
    let error = client.login(&bad_choice).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidInput(m) if m.contains("rtn") && m.contains("nit, pasaporte")),
        "{error}"
    );
    let empty = client
        .login(&Login::new("test", "12345", ""))
        .await
        .unwrap_err();
    assert!(matches!(empty, Error::InvalidInput(_)));
    login_mock.assert_calls_async(1).await;

    client
        .login(&bare.field(LoginField::otp("1")))
        .await
        .unwrap();
    login_mock.assert_calls_async(2).await;
}
