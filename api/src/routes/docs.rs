//! The OpenAPI document and its docs page, with Swagger UI embedded in the
//! binary (vendored from npm `swagger-ui-dist`, see scripts/vendor-swagger-ui).

use actix_web::http::header;
use actix_web::web::{self, Data};
use actix_web::HttpResponse;
use utoipa::openapi::OpenApi;

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "index.html",
        "text/html; charset=utf-8",
        include_bytes!("../../assets/swagger-ui/index.html"),
    ),
    (
        "docs-init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/swagger-ui/docs-init.js"),
    ),
    (
        "swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/swagger-ui/swagger-ui-bundle.js"),
    ),
    (
        "swagger-ui.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/swagger-ui/swagger-ui.css"),
    ),
];

/// Registers `/api/openapi.json` and `/api/docs`.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/api/openapi.json", web::get().to(document))
        .route("/api/docs", web::get().to(page))
        .route("/api/docs/{file}", web::get().to(asset));
}

async fn document(doc: Data<OpenApi>) -> HttpResponse {
    HttpResponse::Ok().json(doc.get_ref())
}

async fn page() -> HttpResponse {
    serve("index.html")
}

async fn asset(file: web::Path<String>) -> HttpResponse {
    serve(&file)
}

fn serve(name: &str) -> HttpResponse {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, bytes)) => HttpResponse::Ok()
            .content_type(*content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(*bytes),
        None => HttpResponse::NotFound().finish(),
    }
}

/// Names each operation once: handlers in different files share names
/// (`get`, `list`), and generated clients need one method per operation.
/// A name used more than once becomes `{tag}_{name}`, e.g. `vault_list`,
/// and, where a tag has two, also takes its path's last word:
/// `blood_list_donors`.
pub fn unique_operation_ids(document: &mut OpenApi) {
    use std::collections::HashMap;
    fn counts<'a>(names: impl Iterator<Item = &'a String>) -> HashMap<&'a String, usize> {
        let mut uses = HashMap::new();
        for name in names {
            *uses.entry(name).or_default() += 1;
        }
        uses
    }
    // (path, index of the operation in the path item, its name, its tag)
    let mut named: Vec<(String, usize, String, String)> = Vec::new();
    for (path, item) in &document.paths.paths {
        let methods = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
        for (n, operation) in methods.into_iter().enumerate() {
            let Some(operation) = operation else { continue };
            let Some(id) = operation.operation_id.clone() else {
                continue;
            };
            let tag = operation
                .tags
                .as_ref()
                .and_then(|tags| tags.first())
                .cloned()
                .unwrap_or_else(|| "api".to_owned());
            named.push((path.clone(), n, id, tag));
        }
    }
    let plain = counts(named.iter().map(|(_, _, id, _)| id));
    let mut names: Vec<String> = named
        .iter()
        .map(|(_, _, id, tag)| match plain.get(id) {
            Some(1) => id.clone(),
            _ => format!("{tag}_{id}"),
        })
        .collect();
    let tagged = counts(names.iter());
    let twice: Vec<bool> = names
        .iter()
        .map(|name| tagged.get(name).is_some_and(|n| *n > 1))
        .collect();
    for ((path, _, _, _), (name, twice)) in named.iter().zip(names.iter_mut().zip(twice)) {
        if twice {
            let word = path
                .rsplit('/')
                .find(|part| !part.starts_with('{'))
                .unwrap_or("api")
                .replace('-', "_");
            *name = format!("{name}_{word}");
        }
    }
    for ((path, n, _, _), name) in named.into_iter().zip(names) {
        let Some(item) = document.paths.paths.get_mut(&path) else {
            continue;
        };
        let methods = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        if let Some(Some(operation)) = methods.into_iter().nth(n) {
            operation.operation_id = Some(name);
        }
    }
}
