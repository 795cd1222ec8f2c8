//! Answer bodies that follow finAPI's schemas (every required field present), as JSON, the
//! way finAPI writes them; [`typed`] turns one into the generated type a typed helper takes.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// A token answer (`AccessToken`).
pub fn access_token(access: &str, refresh: Option<&str>, expires_in: u64) -> Value {
    let mut token = json!({
        "access_token": access,
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": "all",
    });
    if let Some(refresh) = refresh {
        token["refresh_token"] = json!(refresh);
    }
    token
}

/// `Paging`.
pub fn paging(page: usize, per_page: usize, page_count: usize, total_count: usize) -> Value {
    json!({ "page": page, "perPage": per_page, "pageCount": page_count, "totalCount": total_count })
}

/// finAPI's demo bank (`Bank`), as the sandbox lists it.
pub fn demo_bank() -> Value {
    json!({
        "id": super::DEMO_BANK_ID,
        "name": "FinAPI Test Bank",
        "loginHint": "Bitte geben Sie Ihre Online-Identifikation und Ihre PIN ein.",
        "bic": "TESTBANKING",
        "blzs": [],
        "blz": "00000000",
        "location": "DE",
        "city": "München",
        "isSupported": true,
        "isTestBank": true,
        "isBeta": false,
        "popularity": 95,
        "health": 100,
        "loginFieldUserId": "Onlinebanking-ID",
        "loginFieldCustomerId": "Kunden-ID",
        "loginFieldPin": "PIN",
        "pinsAreVolatile": false,
        "isCustomerIdPassword": false,
        "supportedDataSources": ["FINTS_SERVER", "WEB_SCRAPER"],
        "interfaces": [{
            "interface": "FINTS_SERVER",
            "tppAuthenticationGroup": null,
            "loginCredentials": [
                { "label": "Nutzerkennung", "isSecret": false, "isVolatile": false },
                { "label": "PIN", "isSecret": true, "isVolatile": false }
            ],
            "properties": [],
            "loginHint": null,
            "health": 100,
            "lastCommunicationAttempt": "2024-05-01 10:00:00.000",
            "lastSuccessfulCommunication": "2024-05-01 10:00:00.000",
            "isAisSupported": true,
            "isMoneyTransferSupported": true,
            "aisAccountTypes": ["Checking", "Savings"],
            "paymentCapabilities": {
                "sepaMoneyTransfer": true,
                "sepaCollectiveMoneyTransfer": true,
                "sepaInstantMoneyTransfer": false,
                "sepaFutureDatedMoneyTransfer": true,
                "sepaDirectDebit": true,
                "sepaStandingOrder": true
            }
        }],
        "lastCommunicationAttempt": "2024-05-01 10:00:00.000",
        "lastSuccessfulCommunication": "2024-05-01 10:00:00.000",
        "bankGroup": null
    })
}

/// A bank connection (`BankConnection`) to the demo bank.
pub fn bank_connection(id: i64, account_ids: &[i64]) -> Value {
    json!({
        "id": id,
        "bankId": super::DEMO_BANK_ID,
        "bank": demo_bank(),
        "name": "MSA",
        "bankingUserId": "XXXXX",
        "bankingCustomerId": null,
        "bankingPin": "XXXXX",
        "type": "DEMO",
        "updateStatus": "READY",
        "categorizationStatus": "READY",
        "lastManualUpdate": {
            "result": "OK",
            "errorMessage": null,
            "errorType": null,
            "timestamp": "2024-05-01 10:00:00.000"
        },
        "lastAutoUpdate": null,
        "ibanOnlyMoneyTransferSupported": true,
        "ibanOnlyDirectDebitSupported": true,
        "collectiveMoneyTransferSupported": true,
        "defaultTwoStepProcedureId": "955",
        "twoStepProcedures": [two_step_procedure("955", "mobileTAN")],
        "interfaces": [{
            "interface": "FINTS_SERVER",
            "loginCredentials": [{ "label": "Nutzerkennung", "value": "XXXXX" }],
            "defaultTwoStepProcedureId": "955",
            "twoStepProcedures": [two_step_procedure("955", "mobileTAN")],
            "aisConsent": null,
            "lastManualUpdate": null,
            "lastAutoUpdate": null,
            "userActionRequired": false,
            "maxDaysForDownload": 0
        }],
        "accountIds": account_ids,
        "owners": null,
        "furtherLoginNotRecommended": false
    })
}

/// A `TwoStepProcedure`.
pub fn two_step_procedure(id: &str, name: &str) -> Value {
    json!({ "procedureId": id, "procedureName": name, "procedureChallengeType": "TEXT", "implicitExecute": false })
}

/// A checking account (`Account`) of a bank connection.
pub fn account(id: i64, bank_connection_id: i64, name: &str, balance: f64) -> Value {
    json!({
        "id": id,
        "bankConnectionId": bank_connection_id,
        "accountName": name,
        "iban": "DE89370400440532013000",
        "accountNumber": "0532013000",
        "subAccountNumber": null,
        "accountHolderName": "Max Mustermann",
        "accountHolderId": "XXXXX",
        "accountCurrency": "EUR",
        "accountTypeId": 1,
        "accountTypeName": "Checking",
        "accountType": "Checking",
        "balance": balance,
        "overdraft": 0.0,
        "overdraftLimit": null,
        "availableFunds": balance,
        "lastSuccessfulUpdate": "2024-05-01 10:00:00.000",
        "lastUpdateAttempt": "2024-05-01 10:00:00.000",
        "isNew": true,
        "isSeized": false,
        "status": "UPDATED",
        "supportedOrders": ["SEPA_MONEY_TRANSFER"],
        "interfaces": [{
            "interface": "FINTS_SERVER",
            "status": "UPDATED",
            "capabilities": ["DATA_DOWNLOAD", "SEPA_MONEY_TRANSFER"],
            "paymentCapabilities": {
                "sepaMoneyTransfer": true,
                "sepaCollectiveMoneyTransfer": true,
                "sepaInstantMoneyTransfer": false,
                "sepaFutureDatedMoneyTransfer": true,
                "sepaDirectDebit": true,
                "sepaStandingOrder": true
            },
            "lastSuccessfulUpdate": "2024-05-01 10:00:00.000",
            "lastUpdateAttempt": "2024-05-01 10:00:00.000"
        }],
        "clearingAccounts": []
    })
}

/// A transaction (`Transaction`) booked on `booking_date` (`YYYY-MM-DD`).
pub fn transaction(id: i64, account_id: i64, amount: f64, booking_date: &str) -> Value {
    let at = format!("{booking_date} 00:00:00.000");
    json!({
        "id": id,
        "parentId": null,
        "accountId": account_id,
        "valueDate": at,
        "bankBookingDate": at,
        "finapiBookingDate": at,
        "amount": amount,
        "currency": "EUR",
        "purpose": format!("Einkauf {id}"),
        "counterpartName": "REWE Markt GmbH",
        "counterpartAccountNumber": null,
        "counterpartIban": "DE13700800000061110500",
        "counterpartBlz": null,
        "counterpartBic": "DRESDEFF700",
        "counterpartBankName": null,
        "counterpartMandateReference": null,
        "counterpartCustomerReference": null,
        "counterpartCreditorId": null,
        "counterpartDebitorId": null,
        "type": "Kartenzahlung",
        "typeCodeZka": "106",
        "typeCodeSwift": "NMSC",
        "sepaPurposeCode": null,
        "bankTransactionCode": null,
        "primanota": null,
        "category": { "id": 301, "name": "Lebensmittel", "parentId": 3, "parentName": "Ausgaben", "isCustom": false, "children": [] },
        "labels": [],
        "isPotentialDuplicate": false,
        "isAdjustingEntry": false,
        "isNew": true,
        "importDate": at,
        "children": [],
        "paypalData": null,
        "endToEndReference": null,
        "compensationAmount": null,
        "originalAmount": null,
        "originalCurrency": null,
        "differentDebitor": null,
        "differentCreditor": null
    })
}

/// An `ErrorMessage` with one error.
pub fn error_body(code: &str, message: &str, error_type: &str) -> Value {
    json!({
        "errors": [{ "message": message, "code": code, "type": error_type, "multiStepAuthentication": null }],
        "date": "2024-05-01 10:00:00.000",
        "requestId": "selfgen-mock",
        "endpoint": "GET /api/v1/mock",
        "authContext": "1/2",
        "bank": null
    })
}

/// The 510 answer of finAPI's documentation: a TAN challenge of the demo bank.
pub fn msa_challenge(hash: &str) -> Value {
    json!({
        "errors": [{
            "message": "Es ist eine zusätzliche Authentifizierung erforderlich. Bitte geben Sie folgenden Code an: 123456",
            "code": "ADDITIONAL_AUTHENTICATION_REQUIRED",
            "type": "BUSINESS",
            "multiStepAuthentication": {
                "hash": hash,
                "status": "CHALLENGE_RESPONSE_REQUIRED",
                "challengeMessage": "Es ist eine zusätzliche Authentifizierung erforderlich. Bitte geben Sie folgenden Code an: 123456",
                "answerFieldLabel": "TAN",
                "redirectUrl": null,
                "redirectContext": null,
                "redirectContextField": null,
                "twoStepProcedures": null,
                "photoTanMimeType": null,
                "photoTanData": null,
                "opticalData": null
            }
        }],
        "date": "2019-11-29 09:51:55.931",
        "requestId": "selfgen-45059c99-1b14-4df7-9bd3-9d5f126df294",
        "endpoint": "POST /api/v1/bankConnections/import",
        "authContext": "1/18",
        "bank": "DEMO0001 - finAPI Test Bank"
    })
}

/// The OAuth error body of a 401 (`BadCredentialsError`).
pub fn bad_credentials(error: &str, description: &str) -> Value {
    json!({ "error": error, "error_description": description })
}

/// A sample body as a generated type, for the typed helpers (`then.ok(&typed(...))`).
///
/// # Panics
/// When the body does not decode into `T`: a mistake in the test.
pub fn typed<T: DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body).unwrap_or_else(|e| {
        panic!(
            "the sample does not decode into {}: {e}",
            std::any::type_name::<T>()
        )
    })
}
