//! Searching the institution list by name, which python-aggcat's users had to write by hand
//! with XPath.

use crate::models::{Institution, Institutions};

/// Lower-cases ASCII letters and folds common Latin accents, so that "Crédit" finds "credit".
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'ç' | 'Ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ñ' | 'Ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

impl Institutions {
    /// Institutions whose name (or home page) contains every word of `query`, ignoring case and
    /// accents; best first: exact name, then name starting with the query, then the rest, each
    /// group in list order. An empty query finds nothing.
    ///
    /// ```
    /// use intuit_aggcat::models::Institutions;
    ///
    /// let body = br#"<Institutions xmlns="http://schema.intuit.com/platform/fdatafeed/institution/v1">
    ///   <institution><institutionId>14777</institutionId><institutionName>Fox Chase Bank - Business Banking</institutionName></institution>
    ///   <institution><institutionId>13278</institutionId><institutionName>JP Morgan Chase Bank</institutionName></institution>
    ///   <institution><institutionId>14554</institutionId><institutionName>Chase Bank Credit Card (Amazon.com)</institutionName></institution>
    ///   <institution><institutionId>100000</institutionId><institutionName>CCBank</institutionName></institution>
    /// </Institutions>"#;
    /// let institutions = Institutions::from_xml(body)?;
    /// let ids: Vec<_> = institutions.search("chase bank").iter().map(|i| i.institution_id.as_str()).collect();
    /// assert_eq!(ids, ["14554", "14777", "13278"]);
    /// assert!(institutions.search("  ").is_empty());
    /// # Ok::<_, intuit_aggcat::Error>(())
    /// ```
    pub fn search(&self, query: &str) -> Vec<&Institution> {
        let query = fold(query.trim());
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut ranked: Vec<(u8, usize, &Institution)> = self
            .institutions
            .iter()
            .enumerate()
            .filter_map(|(i, inst)| {
                let name = fold(inst.institution_name.as_deref().unwrap_or(""));
                let url = fold(inst.home_url.as_deref().unwrap_or(""));
                let all = words.iter().all(|w| name.contains(w) || url.contains(w));
                if !all {
                    return None;
                }
                let rank = if name == query {
                    0
                } else if name.starts_with(&query) {
                    1
                } else if words.iter().all(|w| name.contains(w)) {
                    2
                } else {
                    3
                };
                Some((rank, i, inst))
            })
            .collect();
        ranked.sort_by_key(|(rank, i, _)| (*rank, *i));
        ranked.into_iter().map(|(_, _, inst)| inst).collect()
    }
}
