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
