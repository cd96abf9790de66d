//! The catalogue of specializations, read once per visit: pages show a
//! specialization by its name ("Allergy and Immunology"), never its slug.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use medtrack_shared::SpecializationSlug;

use crate::api;
use crate::format;

/// Names by slug, shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    names: RwSignal<BTreeMap<String, String>>,
    // Read on the first name asked for: pages without one send nothing.
    asked: StoredValue<bool>,
}

impl Catalogue {
    /// Creates it and puts it in the context.
    pub fn provide() -> Self {
        let catalogue = Self {
            names: RwSignal::new(BTreeMap::new()),
            asked: StoredValue::new(false),
        };
        provide_context(catalogue);
        catalogue
    }

    /// Reads the catalogue, once. A failed read leaves the slugs' words on
    /// screen, which still read well.
    fn read(self) {
        if self.asked.get_value() {
            return;
        }
        self.asked.set_value(true);
        let catalogue = self;
        spawn_local(async move {
            let mut cursor = None::<String>;
            loop {
                let Ok(page) = api::catalogue::specializations(cursor.as_deref()).await else {
                    return;
                };
                catalogue.names.update(|names| {
                    for s in page.items {
                        names.insert(s.slug.as_str().to_owned(), s.name);
                    }
                });
                match page.next_cursor {
                    Some(next) => cursor = Some(next),
                    None => return,
                }
            }
        });
    }

    /// The display name of `slug` (reactive: it fills in once read).
    pub fn name(self, slug: &SpecializationSlug) -> String {
        self.read();
        self.names
            .with(|names| names.get(slug.as_str()).cloned())
            .unwrap_or_else(|| format::slug_words(slug.as_str()))
    }
}

/// The catalogue from the context.
pub fn use_catalogue() -> Catalogue {
    expect_context::<Catalogue>()
}
