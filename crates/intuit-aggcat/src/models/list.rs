//! Decoding of lists whose children are of several kinds (`AccountList`, `TransactionList`):
//! yaserde's derive cannot keep heterogeneous siblings in one `Vec` in document order, so the
//! list element is walked here and each child is handed to its kind's derived decoder.

use std::io::Read;

use yaserde::__xml::reader::XmlEvent;
use yaserde::de::Deserializer;

/// Reads the list's own start element and returns its attributes.
pub(crate) fn open_list<R: Read>(
    reader: &mut Deserializer<R>,
    expected: &str,
) -> yaserde::Result<Vec<yaserde::__xml::attribute::OwnedAttribute>> {
    loop {
        match reader.next_event()? {
            XmlEvent::StartElement {
                name, attributes, ..
            } => {
                if name.local_name != expected {
                    return Err(yaserde::Error::custom(format!(
                        "expected element {expected}, found {}",
                        name.local_name
                    )));
                }
                return Ok(attributes);
            }
            XmlEvent::EndDocument => {
                return Err(yaserde::Error::custom(format!("no {expected} element")))
            }
            _ => continue,
        }
    }
}

/// What the walker found next inside the list.
pub(crate) enum Child {
    /// A child element with this local name and namespace URI; not yet consumed.
    Element {
        local_name: String,
        namespace: Option<String>,
    },
    /// The list's end.
    End,
}

/// Skips text and returns the next child element (without consuming it) or the list's end
/// (consumed).
pub(crate) fn next_child<R: Read>(reader: &mut Deserializer<R>) -> yaserde::Result<Child> {
    loop {
        match reader.peek()? {
            XmlEvent::StartElement { name, .. } => {
                return Ok(Child::Element {
                    local_name: name.local_name.clone(),
                    namespace: name.namespace.clone(),
                })
            }
            XmlEvent::EndElement { .. } => {
                reader.next_event()?;
                return Ok(Child::End);
            }
            XmlEvent::EndDocument => return Ok(Child::End),
            _ => {
                reader.next_event()?;
            }
        }
    }
}

/// Decodes the child element under the cursor with its derived decoder, and consumes its end.
pub(crate) fn read_child<R: Read, T: yaserde::YaDeserialize>(
    reader: &mut Deserializer<R>,
) -> yaserde::Result<T> {
    let value = T::deserialize(reader)?;
    // The derived decoder stops *before* its own end element.
    reader.next_event()?;
    Ok(value)
}

/// Skips the child element under the cursor (an element this crate does not know).
pub(crate) fn skip_child<R: Read>(reader: &mut Deserializer<R>) -> yaserde::Result<()> {
    reader.next_event()?;
    reader.skip_element(|_| {})
}

/// Whether `namespace` is the one expected for a child, or (tolerated, as in Intuit's own
/// documentation samples where a `BankingAccount` is bound to the `otheraccount` prefix) another
/// Intuit namespace. The element's local name alone then says what it is.
pub(crate) fn intuit_namespace(namespace: Option<&str>) -> bool {
    namespace.is_none_or(|ns| ns.starts_with(crate::xml::ns::BASE))
}
