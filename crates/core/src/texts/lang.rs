//! The languages the bot speaks: English, German and Russian, each customer in theirs (from
//! Telegram's `language_code`, English for any other). The words are Fluent messages in
//! `crates/core/locales/<language>.ftl`, built into the binary; English is the source, and a
//! message missing from another language is said in English.

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::De, Lang::Ru];

    /// A customer's language from Telegram's `language_code` ("de", "ru", "de-AT", "en-GB"):
    /// German or Russian when it is one of them, English otherwise.
    pub fn of(code: Option<&str>) -> Lang {
        let base = code
            .unwrap_or_default()
            .split(['-', '_'])
            .next()
            .unwrap_or_default();
        match base.to_ascii_lowercase().as_str() {
            "de" => Lang::De,
            "ru" => Lang::Ru,
            _ => Lang::En,
        }
    }

    /// A language the merchant names ("en", "de", "ru"), refused with a clear message otherwise.
    pub fn parse(code: &str) -> Result<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "de" => Ok(Lang::De),
            "ru" => Ok(Lang::Ru),
            other => Err(Error::invalid(format!(
                "There is no language \"{other}\": the bot speaks en (English), de (German) and \
                 ru (Russian)."
            ))),
        }
    }

    /// Its code, as kept in the store and given to Telegram: "en", "de", "ru".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Ru => "ru",
        }
    }

    /// Its name in English, for the trail and the terminal.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "German",
            Lang::Ru => "Russian",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../locales/en.ftl"),
            Lang::De => include_str!("../../locales/de.ftl"),
            Lang::Ru => include_str!("../../locales/ru.ftl"),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

type Bundle = FluentBundle<FluentResource>;

/// One bundle per language, in `Lang::ALL`'s order, parsed on first use.
static BUNDLES: LazyLock<Vec<Bundle>> = LazyLock::new(|| {
    Lang::ALL
        .iter()
        .map(|&lang| {
            let resource = FluentResource::try_new(lang.source().to_string())
                .unwrap_or_else(|(_, e)| panic!("locales/{lang}.ftl does not parse: {e:?}"));
            let id = lang.code().parse().expect("a language identifier");
            let mut bundle = Bundle::new_concurrent(vec![id]);
            // Telegram shows the text as it is: no bidi marks around the values.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .unwrap_or_else(|e| panic!("locales/{lang}.ftl defines a message twice: {e:?}"));
            bundle
        })
        .collect()
});

fn bundle(lang: Lang) -> &'static Bundle {
    &BUNDLES[lang as usize]
}

/// The message `id` in `lang` (in English when `lang` lacks it), with its values.
pub fn say(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let (bundle, message) = match bundle(lang).get_message(id) {
        Some(m) => (bundle(lang), m),
        None => match bundle(Lang::En).get_message(id) {
            Some(m) => (bundle(Lang::En), m),
            None => {
                debug_assert!(false, "no message {id} in locales/en.ftl");
                return id.to_string();
            }
        },
    };
    let Some(pattern) = message.value() else {
        return id.to_string();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    debug_assert!(errors.is_empty(), "{lang}:{id}: {errors:?}");
    text.into_owned()
}

/// `tr!(lang, "message-id")`, or with values: `tr!(lang, "receipt", id = order.id, title = t)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $crate::texts::lang::say($lang, $id, None)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = ::fluent_bundle::FluentArgs::new();
        $( args.set(stringify!($name), ::fluent_bundle::FluentValue::from($value)); )+
        $crate::texts::lang::say($lang, $id, Some(&args))
    }};
}

/// Every message id of `lang`'s file, for the tests that hold the languages together.
pub fn ids(lang: Lang) -> Vec<String> {
    let resource = FluentResource::try_new(lang.source().to_string()).expect("parses");
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Every message of `lang`'s file with the variables it uses (`$title` → "title").
pub fn variables(lang: Lang) -> Vec<(String, std::collections::BTreeSet<String>)> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    fn pattern(p: &Pattern<&str>, out: &mut std::collections::BTreeSet<String>) {
        for e in &p.elements {
            if let PatternElement::Placeable { expression } = e {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &Expression<&str>, out: &mut std::collections::BTreeSet<String>) {
        match e {
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
            Expression::Inline(i) => inline(i, out),
        }
    }
    fn inline(i: &InlineExpression<&str>, out: &mut std::collections::BTreeSet<String>) {
        match i {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    let resource = FluentResource::try_new(lang.source().to_string()).expect("parses");
    resource
        .entries()
        .filter_map(|e| match e {
            Entry::Message(m) => {
                let mut vars = std::collections::BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern(p, &mut vars);
                }
                Some((m.id.name.to_string(), vars))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_russian_use_the_values_english_gives() {
        // A value English does not give would be missing when the message is said; one English
        // gives that a translation leaves out would be lost (a price, an order number).
        let en: std::collections::BTreeMap<_, _> = variables(Lang::En).into_iter().collect();
        for lang in [Lang::De, Lang::Ru] {
            for (id, vars) in variables(lang) {
                assert_eq!(Some(&vars), en.get(&id), "{lang}: {id}");
            }
        }
    }

    #[test]
    fn a_customer_speaks_the_language_telegram_gives() {
        assert_eq!(Lang::of(Some("de")), Lang::De);
        assert_eq!(Lang::of(Some("de-AT")), Lang::De);
        assert_eq!(Lang::of(Some("ru")), Lang::Ru);
        assert_eq!(Lang::of(Some("en-GB")), Lang::En);
        assert_eq!(Lang::of(Some("fr")), Lang::En);
        assert_eq!(Lang::of(None), Lang::En);
        assert!(
            Lang::parse("fr")
                .unwrap_err()
                .to_string()
                .contains("de (German)")
        );
    }

    #[test]
    fn german_and_russian_say_everything_english_says() {
        let en = ids(Lang::En);
        for lang in [Lang::De, Lang::Ru] {
            let other = ids(lang);
            let missing: Vec<_> = en.iter().filter(|id| !other.contains(id)).collect();
            let unknown: Vec<_> = other.iter().filter(|id| !en.contains(id)).collect();
            assert!(missing.is_empty(), "missing in {lang}.ftl: {missing:?}");
            assert!(
                unknown.is_empty(),
                "not in en.ftl but in {lang}.ftl: {unknown:?}"
            );
        }
    }
}
