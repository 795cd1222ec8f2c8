//! Rewrites of progenitor's output that make decoding tolerant of what servers really send.
//!
//! These are systematic, so they are done here on the syntax tree rather than by patching the
//! spec field by field:
//!
//! - **open enums**: every string enum gets an `Other(String)` variant that keeps values the
//!   spec does not list; its `FromStr` never fails and its `Deserialize` goes through it
//!   (`bankapi_core::lenient::open_enum`). `Copy` is dropped from derives, since `String` is not
//!   `Copy`.
//! - **lenient scalars**: integer, number, boolean and string fields of response types accept
//!   the other JSON spelling (`"42"` for `42`, `42` for `"42"`, `"1"` for `true`), in lists of
//!   integers too; strings and lists also accept `null` as empty; optional fields also accept
//!   `""` as absent, and may be missing even when the spec says required-but-nullable.
//!   Exact amounts (`rust_decimal::Decimal`, see `generation.decimals`) accept numbers, numeric
//!   strings (`"1.234,56"` too), and `""`/`null` when optional.
//! - **lenient timestamps**: `chrono::DateTime<Utc>` becomes `bankapi_core::Timestamp`, which
//!   also accepts naive `YYYY-MM-DD HH:MM:SS`.
//! - **redacted Debug**: structs (request bodies, their builders, operation builders) with a
//!   field the recipe names secret (`redact_debug`: a PIN, a password, a token) get a
//!   hand-written-style `Debug` that prints that field as `[redacted]`.
//! - **lenient dates**: `chrono::NaiveDate` fields also accept a timestamp (its date part), and
//!   optional ones `""` and `0000-00-00` as absent.
//! - **boxed optional structs**: `Option<T>` becomes `Option<Box<T>>` wherever `T` is a generated
//!   struct, so that records do not embed every expandable sub-object (a transaction with its
//!   account with its connection…) and stay small in large lists.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{
    parse_quote, Attribute, Fields, File, Item, ItemEnum, ItemImpl, ItemStruct, Meta, Token, Type,
};

use crate::config::{Postprocess, RedactDebug};

/// Applies the enabled rewrites.
pub fn apply(file: &mut File, options: &Postprocess) {
    if options.lenient_timestamps {
        TimestampTypes.visit_file_mut(file);
    }
    if !options.redact_debug.is_empty() {
        redact_debug(&mut file.items, &options.redact_debug);
    }
    if options.box_optional_structs {
        let structs: BTreeSet<String> = types_module(file)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Struct(s) if matches!(s.fields, Fields::Named(_)) => {
                            Some(s.ident.to_string())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        BoxOptionalStructs { structs }.visit_file_mut(file);
    }
    let Some(types) = types_module(file) else {
        return;
    };
    if options.open_enums {
        open_enums(types);
    }
    if options.lenient_scalars {
        for item in types.iter_mut() {
            if let Item::Struct(item) = item {
                if derives(&item.attrs, "Deserialize") {
                    if let Fields::Named(fields) = &mut item.fields {
                        for field in fields.named.iter_mut() {
                            lenient_field(&mut field.attrs, &field.ty, options.lenient_dates);
                        }
                    }
                }
            }
        }
    }
}

/// The items of `pub mod types { ... }`.
fn types_module(file: &mut File) -> Option<&mut Vec<Item>> {
    file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

fn type_string(ty: &impl ToTokens) -> String {
    ty.to_token_stream().to_string().replace(' ', "")
}

/// Whether a `#[derive(...)]` among `attrs` names `name` (with or without a path).
fn derives(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("derive")
            && attr
                .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .map(|paths| {
                    paths
                        .iter()
                        .any(|p| p.segments.last().is_some_and(|s| s.ident == name))
                })
                .unwrap_or(false)
    })
}

/// Removes the derives named in `names` from every `#[derive(...)]`.
fn remove_derives(attrs: &mut [Attribute], names: &[&str]) {
    for attr in attrs.iter_mut() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Punctuated<syn::Path, Token![,]> = paths
            .into_iter()
            .filter(|p| {
                !p.segments
                    .last()
                    .is_some_and(|s| names.iter().any(|n| s.ident == n))
            })
            .collect();
        *attr = parse_quote!(#[derive(#kept)]);
    }
}

// ---------------------------------------------------------------------------------------------
// Open enums

fn is_string_enum(item: &ItemEnum) -> bool {
    !item.variants.is_empty()
        && item
            .variants
            .iter()
            .all(|v| matches!(v.fields, Fields::Unit))
        && derives(&item.attrs, "Deserialize")
        && !item.attrs.iter().any(|a| a.path().is_ident("serde"))
}

fn impl_target(item: &ItemImpl) -> Option<String> {
    match &*item.self_ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn impl_trait(item: &ItemImpl) -> Option<String> {
    item.trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last().map(|s| s.ident.to_string()))
}

fn open_enums(items: &mut Vec<Item>) {
    let mut open = BTreeSet::new();
    for item in items.iter_mut() {
        if let Item::Enum(item) = item {
            if is_string_enum(item) {
                open.insert(item.ident.to_string());
                remove_derives(&mut item.attrs, &["Deserialize", "Copy"]);
                item.variants.push(parse_quote! {
                    /// A value this version of the crate does not know, kept as sent.
                    #[serde(untagged)]
                    Other(::std::string::String)
                });
            }
        }
    }
    // Types that contain an open enum can no longer be `Copy` either; no generated code relies
    // on `Copy`, so it is dropped from every type.
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => remove_derives(&mut s.attrs, &["Copy"]),
            Item::Enum(e) => remove_derives(&mut e.attrs, &["Copy"]),
            _ => {}
        }
    }
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let (Some(target), Some(trait_name)) = (impl_target(imp), impl_trait(imp)) else {
            continue;
        };
        if !open.contains(&target) {
            continue;
        }
        match trait_name.as_str() {
            "Display" => OtherArm {
                arm: parse_quote!(Self::Other(ref value) => f.write_str(value),),
            }
            .visit_item_impl_mut(imp),
            "FromStr" => KeepUnknown.visit_item_impl_mut(imp),
            _ => {}
        }
    }
    for name in open {
        let ident = syn::Ident::new(&name, proc_macro2::Span::call_site());
        items.push(parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                where
                    D: ::serde::Deserializer<'de>,
                {
                    ::bankapi_core::lenient::open_enum(deserializer)
                }
            }
        });
    }
}

/// Adds an arm to the `match` of a `Display` impl.
struct OtherArm {
    arm: syn::Arm,
}

impl VisitMut for OtherArm {
    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        node.arms.push(self.arm.clone());
    }
}

/// Turns the `_ => Err(..)` arm of a `FromStr` impl into `other => Ok(Self::Other(..))`.
struct KeepUnknown;

impl VisitMut for KeepUnknown {
    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        for arm in node.arms.iter_mut() {
            if matches!(arm.pat, syn::Pat::Wild(_)) {
                *arm = parse_quote!(other => Ok(Self::Other(other.to_owned())),);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient scalars

/// The lenient decoder for a field type (`None`: keep serde's), and whether the field may be
/// absent; `None` when the field is left alone.
fn lenient_decoder(ty: &str, dates: bool) -> Option<(Option<&'static str>, bool)> {
    const OPTION: &str = "::std::option::Option<";
    let (inner, optional) = match ty.strip_prefix(OPTION).and_then(|t| t.strip_suffix('>')) {
        Some(inner) => (inner, true),
        None => (ty, false),
    };
    let decoder = match (inner, optional) {
        ("i64", false) => "::bankapi_core::lenient::i64",
        ("i64", true) => "::bankapi_core::lenient::option_i64",
        ("i32", false) => "::bankapi_core::lenient::i32",
        ("i32", true) => "::bankapi_core::lenient::option_i32",
        ("u64", false) => "::bankapi_core::lenient::u64",
        ("u64", true) => "::bankapi_core::lenient::option_u64",
        ("u32", false) => "::bankapi_core::lenient::u32",
        ("u32", true) => "::bankapi_core::lenient::option_u32",
        ("f64", false) => "::bankapi_core::lenient::f64",
        ("f64", true) => "::bankapi_core::lenient::option_f64",
        ("f32", false) => "::bankapi_core::lenient::f32",
        ("f32", true) => "::bankapi_core::lenient::option_f32",
        ("::std::num::NonZeroU32", false) => "::bankapi_core::lenient::non_zero_u32",
        ("::std::num::NonZeroU32", true) => "::bankapi_core::lenient::option_non_zero_u32",
        ("::std::num::NonZeroU64", false) => "::bankapi_core::lenient::non_zero_u64",
        ("::std::num::NonZeroU64", true) => "::bankapi_core::lenient::option_non_zero_u64",
        ("bool", false) => "::bankapi_core::lenient::bool",
        ("bool", true) => "::bankapi_core::lenient::option_bool",
        ("::std::string::String", false) => "::bankapi_core::lenient::string_or_null",
        ("::std::string::String", true) => "::bankapi_core::lenient::option_string",
        ("::bankapi_core::Timestamp", true) => "::bankapi_core::lenient::option_timestamp",
        ("::rust_decimal::Decimal", false) => "::bankapi_core::lenient::decimal",
        ("::rust_decimal::Decimal", true) => "::bankapi_core::lenient::option_decimal",
        ("::std::vec::Vec<i64>", false) => "::bankapi_core::lenient::vec_i64",
        ("::std::vec::Vec<i64>", true) => "::bankapi_core::lenient::option_vec_i64",
        ("::chrono::naive::NaiveDate", false) if dates => "::bankapi_core::lenient::date",
        ("::chrono::naive::NaiveDate", true) if dates => "::bankapi_core::lenient::option_date",
        _ if !optional
            && (inner.starts_with("::std::vec::Vec<")
                || inner.starts_with("::std::collections::HashMap<")) =>
        {
            "::bankapi_core::lenient::null_as_default"
        }
        // Other optional types (objects, enums) keep their decoder but may be absent.
        _ if optional => return Some((None, true)),
        _ => return None,
    };
    // Lists read `null` as empty, so they may be absent too.
    let list_or_map = decoder.ends_with("null_as_default") || decoder.ends_with("::vec_i64");
    Some((Some(decoder), optional || list_or_map))
}

/// Sets `deserialize_with` (and `default` where absence is acceptable) on one field.
fn lenient_field(attrs: &mut Vec<Attribute>, ty: &Type, dates: bool) {
    let Some((decoder, defaultable)) = lenient_decoder(&type_string(ty), dates) else {
        return;
    };
    let mut metas: Punctuated<Meta, Token![,]> = Punctuated::new();
    let mut has_default = false;
    let mut index = None;
    for (i, attr) in attrs.iter().enumerate() {
        if !attr.path().is_ident("serde") {
            continue;
        }
        index = Some(i);
        if let Ok(existing) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        {
            for meta in existing {
                // `Option::deserialize` (required but nullable) is replaced; others are kept.
                let is_option_deserialize = meta.path().is_ident("deserialize_with")
                    && meta
                        .to_token_stream()
                        .to_string()
                        .contains("Option :: deserialize");
                if is_option_deserialize
                    || (decoder.is_some() && meta.path().is_ident("deserialize_with"))
                {
                    continue;
                }
                has_default |= meta.path().is_ident("default");
                metas.push(meta);
            }
        }
    }
    if defaultable && !has_default {
        metas.push(parse_quote!(default));
    }
    if let Some(decoder) = decoder {
        metas.push(parse_quote!(deserialize_with = #decoder));
    }
    let attr: Attribute = parse_quote!(#[serde(#metas)]);
    match index {
        Some(i) => attrs[i] = attr,
        None => attrs.push(attr),
    }
}

// ---------------------------------------------------------------------------------------------
// Redacted Debug

/// Replaces `derive(Debug)` by a redacting `impl Debug` on every struct (in any module) that has a
/// secret field.
fn redact_debug(items: &mut Vec<Item>, secrets: &RedactDebug) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            Item::Mod(m) => {
                if let Some((_, content)) = &mut m.content {
                    redact_debug(content, secrets);
                }
            }
            Item::Struct(s) => {
                if let Some(debug_impl) = redacting_debug(s, secrets) {
                    remove_derives(&mut s.attrs, &["Debug"]);
                    impls.push(debug_impl);
                }
            }
            _ => {}
        }
    }
    items.extend(impls);
}

/// The redacting `Debug` impl of a struct that derives `Debug` and has a secret field.
fn redacting_debug(item: &ItemStruct, secrets: &RedactDebug) -> Option<Item> {
    if !derives(&item.attrs, "Debug") {
        return None;
    }
    let Fields::Named(fields) = &item.fields else {
        return None;
    };
    let type_name = item.ident.to_string();
    let mut any_secret = false;
    let calls: Vec<TokenStream> = fields
        .named
        .iter()
        .filter_map(|field| field.ident.as_ref())
        .map(|ident| {
            let name = ident.unraw().to_string();
            if secrets.is_secret(&type_name, &name) {
                any_secret = true;
                quote!(.field(#name, &::bankapi_core::secret::Redacted(())))
            } else {
                quote!(.field(#name, &self.#ident))
            }
        })
        .collect();
    if !any_secret {
        return None;
    }
    let ident = &item.ident;
    let (impl_generics, type_generics, where_clause) = item.generics.split_for_impl();
    Some(parse_quote! {
        impl #impl_generics ::std::fmt::Debug for #ident #type_generics #where_clause {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#calls)* .finish()
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Boxed optional structs

/// Rewrites `Option<T>` (also `Option<super::T>`, `Option<types::T>`) into `Option<Box<T>>` for
/// the named structs, everywhere: the fields, and the builders' fields and setters that mirror
/// them, so that the generated code stays consistent.
struct BoxOptionalStructs {
    structs: BTreeSet<String>,
}

impl VisitMut for BoxOptionalStructs {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        visit_mut::visit_type_mut(self, ty);
        let Type::Path(path) = ty else { return };
        let Some(last) = path.path.segments.last_mut() else {
            return;
        };
        if last.ident != "Option" {
            return;
        }
        let syn::PathArguments::AngleBracketed(args) = &mut last.arguments else {
            return;
        };
        let Some(syn::GenericArgument::Type(Type::Path(inner))) = args.args.first_mut() else {
            return;
        };
        let is_target = inner.qself.is_none()
            && inner.path.segments.last().is_some_and(|s| {
                s.arguments.is_none() && self.structs.contains(&s.ident.to_string())
            })
            && inner
                .path
                .segments
                .iter()
                .rev()
                .skip(1)
                .all(|s| s.ident == "super" || s.ident == "types" || s.ident == "self");
        if is_target {
            let boxed: Type = parse_quote!(::std::boxed::Box<#inner>);
            args.args[0] = syn::GenericArgument::Type(boxed);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient timestamps

struct TimestampTypes;

impl VisitMut for TimestampTypes {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        let text = type_string(ty);
        if text == "::chrono::DateTime<::chrono::offset::Utc>"
            || text == "chrono::DateTime<chrono::offset::Utc>"
        {
            let replacement: TokenStream = quote!(::bankapi_core::Timestamp);
            *ty = syn::parse2(replacement).expect("a type");
            return;
        }
        visit_mut::visit_type_mut(self, ty);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(source: &str, options: Postprocess) -> String {
        let mut file: File = syn::parse_str(source).unwrap();
        apply(&mut file, &options);
        // One line per item, whatever prettyplease's wrapping.
        prettyplease::unparse(&file)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(")
            .replace(" )", ")")
            .replace(", )", ")")
    }

    const ENUM: &str = r#"
        pub mod types {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, PartialEq)]
            pub enum State {
                #[serde(rename = "valid")]
                Valid,
            }
            impl ::std::fmt::Display for State {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match *self {
                        Self::Valid => f.write_str("valid"),
                    }
                }
            }
            impl ::std::str::FromStr for State {
                type Err = self::error::ConversionError;
                fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                    match value {
                        "valid" => Ok(Self::Valid),
                        _ => Err("invalid value".into()),
                    }
                }
            }
            #[derive(::serde::Deserialize, Clone, Copy)]
            pub struct Holder {
                pub state: State,
                #[serde(rename = "n", deserialize_with = "::std::option::Option::deserialize")]
                pub count: ::std::option::Option<i64>,
                pub names: ::std::vec::Vec<::std::string::String>,
                pub at: ::chrono::DateTime<::chrono::offset::Utc>,
                pub amount: ::rust_decimal::Decimal,
                pub fee: ::std::option::Option<::rust_decimal::Decimal>,
                pub day: ::chrono::naive::NaiveDate,
                pub other_day: ::std::option::Option<::chrono::naive::NaiveDate>,
            }
            #[derive(::serde::Deserialize, Clone)]
            pub struct Parent {
                pub holder: ::std::option::Option<Holder>,
                pub state: ::std::option::Option<State>,
                pub holders: ::std::vec::Vec<Holder>,
            }
            pub mod builder {
                pub struct Parent {
                    holder: ::std::result::Result<::std::option::Option<super::Holder>, ::std::string::String>,
                }
            }
        }
    "#;

    #[test]
    fn enums_are_opened() {
        let out = rewrite(
            ENUM,
            Postprocess {
                open_enums: true,
                ..Default::default()
            },
        );
        assert!(out.contains("Other(::std::string::String)"), "{out}");
        assert!(out.contains("#[serde(untagged)]"), "{out}");
        assert!(
            out.contains("Self::Other(ref value) => f.write_str(value)"),
            "{out}"
        );
        assert!(
            out.contains("other => Ok(Self::Other(other.to_owned()))"),
            "{out}"
        );
        assert!(
            out.contains("::bankapi_core::lenient::open_enum(deserializer)"),
            "{out}"
        );
        assert!(!out.contains("Copy"), "{out}");
        assert!(
            out.contains("derive(::serde::Serialize, Clone, Debug, Eq, PartialEq)]"),
            "{out}"
        );
    }

    #[test]
    fn secret_fields_are_redacted_in_debug() {
        let source = r#"
            pub mod types {
                #[derive(::serde::Serialize, Clone, Debug)]
                pub struct Params {
                    pub bank_id: i64,
                    pub banking_pin: ::std::option::Option<::std::string::String>,
                    pub pins_are_volatile: bool,
                    pub r#type: ::std::string::String,
                }
                #[derive(Clone, Debug)]
                pub struct LoginCredential {
                    pub label: ::std::string::String,
                    pub value: ::std::string::String,
                }
                #[derive(Clone, Debug)]
                pub struct Plain {
                    pub value: ::std::string::String,
                }
                pub mod builder {
                    #[derive(Clone, Debug)]
                    pub struct Params<'a> {
                        client_secret: Result<&'a str, String>,
                    }
                }
            }
        "#;
        let secrets = RedactDebug {
            words: vec!["pin".into(), "secret".into()],
            fields: vec![],
            type_fields: vec!["LoginCredential.value".into()],
        };
        let out = rewrite(
            source,
            Postprocess {
                redact_debug: secrets,
                ..Default::default()
            },
        );
        assert!(
            out.contains(r#"#[derive(::serde::Serialize, Clone)] pub struct Params"#),
            "{out}"
        );
        assert!(
            out.contains(r#".field("bank_id", &self.bank_id) .field("banking_pin", &::bankapi_core::secret::Redacted(())) .field("pins_are_volatile", &self.pins_are_volatile) .field("type", &self.r#type)"#),
            "{out}"
        );
        assert!(
            out.contains(r#".field("label", &self.label) .field("value", &::bankapi_core::secret::Redacted(()))"#),
            "{out}"
        );
        assert!(
            out.contains("#[derive(Clone, Debug)] pub struct Plain"),
            "{out}"
        );
        assert!(
            out.contains("impl<'a> ::std::fmt::Debug for Params<'a>"),
            "{out}"
        );
        assert!(
            out.contains(r#".field("client_secret", &::bankapi_core::secret::Redacted(()))"#),
            "{out}"
        );
    }

    #[test]
    fn non_zero_integers_and_id_lists_become_lenient() {
        let source = r#"
            pub mod types {
                #[derive(::serde::Deserialize)]
                pub struct Paging {
                    pub page: ::std::num::NonZeroU32,
                    pub id: ::std::option::Option<::std::num::NonZeroU64>,
                    pub ids: ::std::vec::Vec<i64>,
                    pub children: ::std::option::Option<::std::vec::Vec<i64>>,
                }
            }
        "#;
        let out = rewrite(
            source,
            Postprocess {
                lenient_scalars: true,
                ..Default::default()
            },
        );
        assert!(
            out.contains(r#"#[serde(deserialize_with = "::bankapi_core::lenient::non_zero_u32")]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#[serde(default, deserialize_with = "::bankapi_core::lenient::option_non_zero_u64")]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#[serde(default, deserialize_with = "::bankapi_core::lenient::vec_i64")] pub ids"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#[serde(default, deserialize_with = "::bankapi_core::lenient::option_vec_i64")] pub children"#),
            "{out}"
        );
    }

    #[test]
    fn fields_become_lenient() {
        let out = rewrite(
            ENUM,
            Postprocess {
                lenient_scalars: true,
                lenient_timestamps: true,
                ..Default::default()
            },
        );
        assert!(
            out.contains(r#"#[serde(rename = "n", default, deserialize_with = "::bankapi_core::lenient::option_i64")]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#[serde(default, deserialize_with = "::bankapi_core::lenient::null_as_default")]"#),
            "{out}"
        );
        assert!(out.contains("pub at: ::bankapi_core::Timestamp"), "{out}");
        assert!(
            out.contains(
                r#"#[serde(deserialize_with = "::bankapi_core::lenient::decimal")] pub amount"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"#[serde(default, deserialize_with = "::bankapi_core::lenient::option_decimal")] pub fee"#),
            "{out}"
        );
        // Enum fields are left to the enum's own decoder.
        assert!(out.contains("pub state: State,"), "{out}");
        // Dates are left to chrono unless asked.
        assert!(
            out.contains("pub day: ::chrono::naive::NaiveDate,"),
            "{out}"
        );
    }

    #[test]
    fn dates_become_lenient() {
        let out = rewrite(
            ENUM,
            Postprocess {
                lenient_scalars: true,
                lenient_dates: true,
                ..Default::default()
            },
        );
        assert!(
            out.contains(r#"#[serde(deserialize_with = "::bankapi_core::lenient::date")] pub day"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#[serde(default, deserialize_with = "::bankapi_core::lenient::option_date")] pub other_day"#),
            "{out}"
        );
    }

    #[test]
    fn optional_structs_are_boxed() {
        let out = rewrite(
            ENUM,
            Postprocess {
                box_optional_structs: true,
                ..Default::default()
            },
        );
        assert!(
            out.contains("pub holder: ::std::option::Option<::std::boxed::Box<Holder>>"),
            "{out}"
        );
        assert!(
            out.contains("::std::option::Option<::std::boxed::Box<super::Holder>>"),
            "{out}"
        );
        // Enums, lists and scalars are left alone.
        assert!(
            out.contains("pub state: ::std::option::Option<State>"),
            "{out}"
        );
        assert!(
            out.contains("pub holders: ::std::vec::Vec<Holder>"),
            "{out}"
        );
        assert!(
            out.contains("pub count: ::std::option::Option<i64>"),
            "{out}"
        );
    }
}
