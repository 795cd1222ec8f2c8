//! What the generated client offers, read from its source: for each operation, the client
//! method, the builder's parameters with their Rust types, and the response and error types.
//! The setters are generic (`fn param<V: TryInto<T>>`), so the tests need these types to
//! build values of them.

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use quote::ToTokens;
use syn::{
    FnArg, GenericArgument, ImplItem, Item, ItemImpl, ItemStruct, PathArguments, ReturnType, Type,
};

/// One operation of the generated client.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The client method (the operation id in snake case).
    pub method_name: String,
    /// The builder's parameters, in the builder's order.
    pub fields: Vec<Field>,
    /// The Rust type of the answer (`types::Account`, `()`, `::serde_json::Value`).
    pub response: String,
    /// The Rust type of error bodies (`types::ErrorResponse`, `()`).
    pub error: String,
}

/// A parameter of an operation builder.
#[derive(Debug, Clone)]
pub struct Field {
    /// The setter's name.
    pub name: String,
    /// The type the setter takes (the builder's field type without `Option`; for bodies, the
    /// body type rather than its builder).
    pub ty: String,
    pub required: bool,
}

/// The operations of a generated client, by `(METHOD, path)`.
pub fn operations(code: &str) -> anyhow::Result<BTreeMap<(String, String), Operation>> {
    let file = syn::parse_file(code).context("parsing the generated client")?;
    let mut methods = BTreeMap::new();
    let mut builder_items = None;
    for item in &file.items {
        match item {
            Item::Impl(imp) if is_client_impl(imp) => {
                for item in &imp.items {
                    if let ImplItem::Fn(f) = item {
                        if let ReturnType::Type(_, ty) = &f.sig.output {
                            let ty = tokens(ty);
                            if let Some(builder) = ty.strip_prefix("builder::") {
                                let builder = builder.trim_end_matches("<'_>").to_owned();
                                methods.insert(builder, f.sig.ident.to_string());
                            }
                        }
                    }
                }
            }
            Item::Mod(m) if m.ident == "builder" => {
                builder_items = m.content.as_ref().map(|(_, items)| items);
            }
            _ => {}
        }
    }
    let builder_items = builder_items.context("no `pub mod builder` in the generated client")?;
    let mut structs: BTreeMap<String, &ItemStruct> = BTreeMap::new();
    for item in builder_items {
        if let Item::Struct(s) = item {
            structs.insert(s.ident.to_string(), s);
        }
    }
    let mut operations = BTreeMap::new();
    for item in builder_items {
        let Item::Impl(imp) = item else { continue };
        let Type::Path(self_ty) = &*imp.self_ty else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let Some(send) = imp.items.iter().find_map(|item| match item {
            ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
            _ => None,
        }) else {
            continue;
        };
        let doc = send
            .attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }) => Some(text.value()),
                    _ => None,
                },
                _ => None,
            })
            .collect::<String>();
        let (http_method, path) = parse_sends(&doc)
            .with_context(|| format!("builder {name}: no `Sends a … request to …` doc"))?;
        let (response, error) = response_types(&send.sig.output)
            .with_context(|| format!("builder {name}: unexpected return type"))?;
        let strukt = structs
            .get(&name)
            .with_context(|| format!("no struct for builder {name}"))?;
        let fields = builder_fields(strukt)?;
        let method_name = methods
            .get(&name)
            .with_context(|| format!("no client method returns builder {name}"))?
            .clone();
        debug_assert!(send
            .sig
            .inputs
            .iter()
            .all(|i| matches!(i, FnArg::Receiver(_))));
        operations.insert(
            (http_method, path),
            Operation {
                method_name,
                fields,
                response,
                error,
            },
        );
    }
    Ok(operations)
}

fn is_client_impl(imp: &ItemImpl) -> bool {
    imp.trait_.is_none() && matches!(&*imp.self_ty, Type::Path(p) if p.path.is_ident("Client"))
}

/// The tokens as Rust writes them: spaces only between two words.
fn tokens(t: &impl ToTokens) -> String {
    let text = t.to_token_stream().to_string();
    let chars: Vec<char> = text.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' && !(word(out.chars().last().as_ref()) && word(chars.get(i + 1))) {
            continue;
        }
        out.push(*c);
    }
    out
}

/// `Sends a `GET` request to `/path``.
fn parse_sends(doc: &str) -> Option<(String, String)> {
    let rest = doc.split("Sends a `").nth(1)?;
    let (method, rest) = rest.split_once('`')?;
    let rest = rest.split_once("request to `")?.1;
    let (path, _) = rest.split_once('`')?;
    Some((method.to_owned(), path.to_owned()))
}

/// The `T` and `E` of `Result<ResponseValue<T>, Error<E>>`.
fn response_types(output: &ReturnType) -> Option<(String, String)> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let [ok, err] = generic_args(ty)?[..] else {
        return None;
    };
    let [response] = generic_args(ok)?[..] else {
        return None;
    };
    let [error] = generic_args(err)?[..] else {
        return None;
    };
    Some((tokens(response), tokens(error)))
}

fn generic_args(ty: &Type) -> Option<Vec<&Type>> {
    let Type::Path(p) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
    )
}

fn builder_fields(strukt: &ItemStruct) -> anyhow::Result<Vec<Field>> {
    let mut fields = Vec::new();
    for field in &strukt.fields {
        let name = field
            .ident
            .as_ref()
            .context("a tuple builder")?
            .unraw()
            .to_string();
        if name == "client" {
            continue;
        }
        let Some([inner, _]) = generic_args(&field.ty).as_deref().map(|a| {
            let mut it = a.iter();
            [it.next().copied(), it.next().copied()]
        }) else {
            bail!("{}.{name}: not a Result<T, String>", strukt.ident);
        };
        let inner = inner.context("Result without type")?;
        let (ty, required) = match generic_args(inner).filter(|_| {
            matches!(inner, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
        }) {
            Some(args) if args.len() == 1 => (tokens(args[0]), false),
            _ => (tokens(inner), true),
        };
        // Bodies are built through their builder; the setter takes the type itself.
        let ty = match ty.strip_prefix("types::builder::") {
            Some(body) => format!("types::{body}"),
            None => ty,
        };
        fields.push(Field { name, ty, required });
    }
    Ok(fields)
}

use syn::ext::IdentExt;

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = r#"
        pub struct Client { baseurl: String }
        impl Client {
            pub fn get_thing(&self) -> builder::GetThing<'_> { builder::GetThing::new(self) }
        }
        pub mod builder {
            pub struct GetThing<'a> {
                client: &'a super::Client,
                id: Result<i64, String>,
                r#type: Result<Option<::std::vec::Vec<::std::string::String>>, String>,
                body: Result<types::builder::ThingBody, String>,
            }
            impl<'a> GetThing<'a> {
                ///Sends a `GET` request to `/things/{id}`
                pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<()>> { todo!() }
            }
        }
    "#;

    #[test]
    fn reads_builders() {
        let ops = operations(CODE).unwrap();
        let op = &ops[&("GET".to_owned(), "/things/{id}".to_owned())];
        assert_eq!(op.method_name, "get_thing");
        assert_eq!(
            (op.response.as_str(), op.error.as_str()),
            ("types::Thing", "()")
        );
        let fields: Vec<_> = op
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.as_str(), f.required))
            .collect();
        assert_eq!(
            fields,
            [
                ("id", "i64", true),
                ("type", "::std::vec::Vec<::std::string::String>", false),
                ("body", "types::ThingBody", true)
            ]
        );
    }
}
