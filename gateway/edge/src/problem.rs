//! RFC 9457 problem documents: every error answer of both services is one of these.
use crate::response::{bytes, header};
use serde::Serialize;
use std::collections::BTreeMap;
use tiny_http::{ResponseBox, StatusCode};

/// The standard members of a problem document; an extension member may not take their names.
const STANDARD_MEMBERS: [&str; 5] = ["type", "title", "status", "detail", "instance"];

/// The `detail` of a `405`, worded once: the gateway's own 405s and those it relays from
/// inventory read alike.
pub fn allows_only(allow: &str) -> String {
    format!("this path allows only {allow}")
}

/// An `application/problem+json` answer: status, `detail` (safe to show a client), extension
/// members (a `/health` 503 carries its component states) and extra headers (`Allow`,
/// `Retry-After`). The `title` is the status's reason phrase from tiny_http's one table.
#[derive(Debug, Clone)]
pub struct Problem {
    status: u16,
    detail: String,
    members: BTreeMap<&'static str, serde_json::Value>,
    headers: Vec<(&'static str, String)>,
}

impl Problem {
    /// A problem with this status and detail.
    pub fn new(status: u16, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            detail: detail.into(),
            members: BTreeMap::new(),
            headers: Vec::new(),
        }
    }

    /// With an extension member (after the standard ones, in name order).
    pub fn member(mut self, name: &'static str, value: impl Into<serde_json::Value>) -> Problem {
        assert!(
            !STANDARD_MEMBERS.contains(&name),
            "an extension member cannot be called {name:?}"
        );
        self.members.insert(name, value.into());
        self
    }

    /// With an extra response header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Problem {
        self.headers.push((name, value.into()));
        self
    }

    /// The status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The document's text.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'p> {
            #[serde(rename = "type")]
            kind: &'static str,
            title: &'static str,
            status: u16,
            detail: &'p str,
            #[serde(flatten)]
            members: &'p BTreeMap<&'static str, serde_json::Value>,
        }
        let document = Document {
            kind: "about:blank",
            title: StatusCode(self.status).default_reason_phrase(),
            status: self.status,
            detail: &self.detail,
            members: &self.members,
        };
        // Strings, a number and JSON values under string keys: nothing here can fail.
        serde_json::to_string(&document).expect("a problem document always serialises")
    }

    /// The answer, with `Content-Type: application/problem+json` and the extra headers.
    pub fn into_response(self) -> ResponseBox {
        let mut response = bytes(
            self.status,
            "application/problem+json",
            self.to_json().into_bytes(),
        );
        for (name, value) in &self.headers {
            if let Some(h) = header(name, value) {
                response.add_header(h);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(problem: Problem, expected: serde_json::Value) {
        let text = problem.to_json();
        let got: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(got, expected, "{text}");
        // The RFC's members first, in its order.
        let head = format!(
            "{{\"type\":\"about:blank\",\"title\":{},\"status\":{},\"detail\":",
            expected["title"], expected["status"]
        );
        assert!(text.starts_with(&head), "{text}");
    }

    #[test]
    fn documents_have_the_standard_members_then_the_extensions() {
        check(
            Problem::new(404, "no such resource"),
            serde_json::json!({"type": "about:blank", "title": "Not Found", "status": 404,
                               "detail": "no such resource"}),
        );
        check(
            Problem::new(503, "a component is down")
                .member("inventory", "down")
                .member("broker", "up"),
            serde_json::json!({"type": "about:blank", "title": "Service Unavailable",
                               "status": 503, "detail": "a component is down",
                               "inventory": "down", "broker": "up"}),
        );
        check(
            Problem::new(405, "\"quoted\"\n"),
            serde_json::json!({"type": "about:blank", "title": "Method Not Allowed",
                               "status": 405, "detail": "\"quoted\"\n"}),
        );
    }

    #[test]
    fn the_answer_has_the_problem_type_and_the_extra_headers() {
        let response = Problem::new(405, "only GET")
            .header("Allow", "GET, HEAD")
            .into_response();
        assert_eq!(response.status_code().0, 405);
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|h| (h.field.to_string(), h.value.to_string()))
            .collect();
        assert_eq!(
            headers,
            [
                ("Content-Type".into(), "application/problem+json".into()),
                ("Allow".into(), "GET, HEAD".into())
            ]
        );
    }

    #[test]
    #[should_panic(expected = "cannot be called")]
    fn an_extension_member_cannot_shadow_a_standard_one() {
        let _ = Problem::new(500, "x").member("status", 200);
    }
}
