//! The `mock` feature's sandbox: every challenge variant, multi-round challenges, errors; the
//! sandbox itself verifies SAML and OAuth signatures and refuses reused nonces.

use intuit_aggcat::{
    mock, Answers, ChallengeKind, Client, Credentials, Discovery, ErrorKind, ProviderError,
};

async fn sandbox() -> (httpmock::MockServer, mock::Sandbox, Client) {
    let server = httpmock::MockServer::start_async().await;
    let sandbox = mock::mount_sandbox(&server).await;
    let client = mock::client_builder(&server).build().unwrap();
    (server, sandbox, client)
}

fn user(name: &str) -> Credentials {
    Credentials::new()
        .with("Banking Userid", name)
        .with("Banking Password", "anyvalue")
}

#[tokio::test]
async fn direct_user_gets_accounts_at_once() {
    let (_server, sandbox, client) = sandbox().await;
    let Discovery::Accounts(list) = client
        .discover_and_add_accounts(100000, user("direct"))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(list.accounts.len(), 10);
    assert!(
        sandbox.rejections().is_empty(),
        "{:?}",
        sandbox.rejections()
    );
}

#[tokio::test]
async fn text_image_and_choice_challenges() {
    let (_server, sandbox, client) = sandbox().await;

    let Discovery::Challenge(text) = client
        .discover_and_add_accounts(100000, user("tfa_text"))
        .await
        .unwrap()
    else {
        panic!()
    };
    assert!(
        matches!(text.challenges()[0].kind(), ChallengeKind::Text { question } if question.contains("pet"))
    );
    assert!(matches!(
        text.answer(&client, ["Rex"]).await.unwrap(),
        Discovery::Accounts(_)
    ));

    let Discovery::Challenge(image) = client
        .discover_and_add_accounts(100000, user("tfa_image"))
        .await
        .unwrap()
    else {
        panic!()
    };
    let ChallengeKind::Image {
        question,
        image: picture,
    } = image.challenges()[0].kind()
    else {
        panic!()
    };
    assert!(question.contains("image"));
    assert_eq!(picture.mime_type, "image/jpeg");
    assert_eq!(&picture.bytes[..3], &[0xFF, 0xD8, 0xFF]);
    assert!(
        !format!("{picture:?}").contains("255"),
        "image bytes are summarised in Debug"
    );
    assert!(matches!(
        image.answer(&client, ["AB12C"]).await.unwrap(),
        Discovery::Accounts(_)
    ));

    let Discovery::Challenge(choice) = client
        .discover_and_add_accounts(100000, user("tfa_choice"))
        .await
        .unwrap()
    else {
        panic!()
    };
    let ChallengeKind::Choice { choices, .. } = choice.challenges()[0].kind() else {
        panic!()
    };
    assert_eq!(choices.len(), 3);
    // Answering with the text instead of the value is wrong for real institutions.
    let wrong = choice
        .answer(&client, [choices[1].text.clone()])
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), Some("187"));
    assert_eq!(wrong.kind(), ErrorKind::AuthenticationFailed);
    // The session was used up; a new discovery asks again.
    let Discovery::Challenge(choice) = client
        .discover_and_add_accounts(100000, user("tfa_choice"))
        .await
        .unwrap()
    else {
        panic!()
    };
    let ChallengeKind::Choice { choices, .. } = choice.challenges()[0].kind() else {
        panic!()
    };
    let answers = Answers::new().with_choice(&choices[1]);
    assert!(matches!(
        choice.answer(&client, answers).await.unwrap(),
        Discovery::Accounts(_)
    ));
    assert!(
        sandbox.rejections().is_empty(),
        "{:?}",
        sandbox.rejections()
    );
    assert_eq!(sandbox.token_requests(), 1);
}

#[tokio::test]
async fn multi_round_challenges_continue_the_same_login() {
    let (_server, _sandbox, client) = sandbox().await;
    let mut outcome = client
        .discover_and_add_accounts(100000, user("tfa_text2"))
        .await
        .unwrap();
    let mut rounds = Vec::new();
    let accounts = loop {
        match outcome {
            Discovery::Accounts(list) => break list,
            Discovery::Challenge(challenge) => {
                rounds.push(challenge.challenges().len());
                let answers: Answers = challenge.challenges().iter().map(|_| "answer").collect();
                outcome = challenge.answer(&client, answers).await.unwrap();
            }
            _ => unreachable!(),
        }
    };
    assert_eq!(rounds, [1, 2]);
    assert_eq!(accounts.accounts.len(), 10);
    // An answered session cannot be answered again: Intuit says it expired (408).
    let Discovery::Challenge(first) = client
        .discover_and_add_accounts(100000, user("tfa_text2"))
        .await
        .unwrap()
    else {
        panic!()
    };
    let Discovery::Challenge(_second) = first.answer(&client, ["x"]).await.unwrap() else {
        panic!()
    };
    let error = first.answer(&client, ["x"]).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(408));
    assert_eq!(error.kind(), ErrorKind::SessionExpired);
}

#[tokio::test]
async fn bad_and_erroring_users() {
    let (_server, _sandbox, client) = sandbox().await;
    let error = client
        .discover_and_add_accounts(100000, user("bad"))
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.code()),
        (ErrorKind::AuthenticationFailed, Some("103"))
    );
    assert_eq!(error.request_id(), Some("mock-tid-0001"));
    let error = client
        .discover_and_add_accounts(100000, user("request_error"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ProviderUnavailable);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    let error = client.get_institution_details(1).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn rejected_tokens_are_renewed_and_nonces_never_repeat() {
    let (_server, sandbox, client) = sandbox().await;
    client.get_customer_accounts().await.unwrap();
    sandbox.reject_issued_tokens();
    client.get_customer_accounts().await.unwrap();
    assert_eq!(sandbox.token_requests(), 2);
    for _ in 0..20 {
        client.get_institutions().await.unwrap();
    }
    assert!(
        sandbox.rejections().is_empty(),
        "{:?}",
        sandbox.rejections()
    );
    assert_eq!(sandbox.api_requests(), 23);
}

#[tokio::test]
async fn a_client_with_the_wrong_key_or_secret_is_refused() {
    let server = httpmock::MockServer::start_async().await;
    let sandbox = mock::mount_sandbox(&server).await;
    let wrong_key = mock::client_builder(&server)
        .private_key_pem(bankapi_testkit::fixture_string(
            "intuit/keys/python-aggcat_test.key",
        ))
        .build()
        .unwrap();
    let error = wrong_key.get_customer_accounts().await.unwrap_err();
    assert_eq!(error.code(), Some("signature_invalid"));
    assert!(
        sandbox.rejections()[0].contains("does not verify"),
        "{:?}",
        sandbox.rejections()
    );
    let wrong_secret = mock::client_builder(&server)
        .consumer_secret("nope")
        .build()
        .unwrap();
    let error = wrong_secret.get_customer_accounts().await.unwrap_err();
    assert_eq!(error.code(), Some("signature_invalid"));
    assert_eq!(error.kind(), ErrorKind::AuthenticationFailed);
}
