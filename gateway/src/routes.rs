//! The one route `match` of the gateway: the path decides, the method second.
use crate::error::Error;
use crate::http::{respond_bytes, respond_json};
use crate::limits::HEALTH_PROBE_TIMEOUT;
use crate::orders::accept_order;
use crate::Context;
use tiny_http::{Method, Request, ResponseBox};

/// The OpenAPI document of every route below, kept in `gateway/openapi.yaml`.
const OPENAPI_YAML: &str = include_str!("../openapi.yaml");
/// The interactive docs page (HTML, CSS and JS in one file, no CDN).
const DOCS_HTML: &str = include_str!("../assets/docs.html");

/// Answers one request, or says why not.
pub fn route(ctx: &Context, request: &mut Request, request_id: &str) -> Result<ResponseBox, Error> {
    let url = request.url().to_owned();
    let path = url.split('?').next().unwrap_or_default();
    let get = *request.method() == Method::Get;
    match path {
        "/api/movies" => ctx.upstream.forward(request, request_id),
        p if p.starts_with("/api/movies/") => ctx.upstream.forward(request, request_id),
        "/api/billing" | "/api/billing/" if *request.method() == Method::Post => {
            accept_order(&ctx.publisher, request, request_id)
        }
        "/api/billing" | "/api/billing/" => Err(Error::MethodNotAllowed("POST")),
        "/health" if get => Ok(health(ctx)),
        "/openapi.yaml" if get => Ok(respond_bytes(200, "application/yaml", OPENAPI_YAML.into())),
        "/docs" | "/docs/" if get => Ok(respond_bytes(
            200,
            "text/html; charset=utf-8",
            DOCS_HTML.into(),
        )),
        "/health" | "/openapi.yaml" | "/docs" | "/docs/" => Err(Error::MethodNotAllowed("GET")),
        _ => Err(Error::NotFound),
    }
}

/// 200 when inventory and the broker both answer, 503 otherwise; both probed at once.
fn health(ctx: &Context) -> ResponseBox {
    let (inventory, broker) = std::thread::scope(|scope| {
        let inventory = scope.spawn(|| ctx.upstream.is_healthy());
        let broker = ctx.publisher.probe(HEALTH_PROBE_TIMEOUT).is_ok();
        (inventory.join().unwrap_or(false), broker)
    });
    let word = |up: bool| if up { "up" } else { "down" };
    let (status, summary) = if inventory && broker {
        (200, "ok")
    } else {
        (503, "unavailable")
    };
    respond_json(
        status,
        &serde_json::json!({
            "status": summary,
            "inventory": word(inventory),
            "broker": word(broker),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_documents_every_route_and_the_docs_page_reads_it() {
        for path in [
            "/api/movies",
            "/api/movies/",
            "/api/movies/{id}",
            "/api/billing",
            "/api/billing/",
            "/health",
            "/openapi.yaml",
            "/docs",
        ] {
            assert!(
                OPENAPI_YAML.contains(&format!("\n  {path}:\n")),
                "openapi.yaml lacks {path}"
            );
        }
        for status in ["400", "404", "408", "413", "415", "502", "503", "504"] {
            assert!(
                OPENAPI_YAML.contains(&format!("\"{status}\":")),
                "no {status}"
            );
        }
        assert!(DOCS_HTML.contains("fetch(\"/openapi.yaml\")"));
        assert!(!DOCS_HTML.contains("https://"), "no external assets");
    }
}
