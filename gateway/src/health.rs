//! `GET /health`: the state of each inventory and of the broker, probed at once, with one
//! probe of each in flight at a time (requests that arrive meanwhile share its result). A flood of health checks (a monitor gone mad, or an attacker)
//! must not become a flood of inventory requests or fill the publisher's queue, which
//! orders need.
use crate::limits::{HEALTH_PROBE_TIMEOUT, RETRY_AFTER_SECS};
use crate::proxy::UpstreamHealth;
use crate::Context;
use edge::{response, Problem};
use std::sync::{Condvar, Mutex, MutexGuard};
use tiny_http::ResponseBox;

/// The probe in flight, if any, and the result of the last one.
#[derive(Default)]
pub struct Health {
    state: Mutex<State>,
    /// Notified when a probe ends.
    probed: Condvar,
}

#[derive(Default)]
struct State {
    probing: bool,
    /// Counts finished probes, so a waiter knows when the one it waits for is done.
    finished: u64,
    last: Option<Components>,
}

/// Whether each dependency answered.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Components {
    inventories: Vec<UpstreamHealth>,
    broker: bool,
}

impl Health {
    /// 200 when the broker and at least one inventory answer, else a 503 problem naming the
    /// one down. `inventories` lists each inventory by its position in `INVENTORY_URL`
    /// (from 1): `up` or `down`, and whether it is ejected (it refused a connection within the
    /// ejection time).
    pub fn answer(&self, ctx: &Context) -> ResponseBox {
        let Components {
            inventories,
            broker,
        } = self.check(ctx);
        let word = |up: bool| if up { "up" } else { "down" };
        let inventory = inventories.iter().any(|i| i.up);
        // By position in INVENTORY_URL, never by address: no answer shows an internal address.
        let each: Vec<serde_json::Value> = inventories
            .iter()
            .enumerate()
            .map(|(index, i)| {
                serde_json::json!({
                    "inventory": index + 1,
                    "status": word(i.up),
                    "ejected": i.ejected,
                })
            })
            .collect();
        if inventory && broker {
            return response::json(
                200,
                &serde_json::json!({
                    "status": "ok",
                    "inventory": "up",
                    "broker": "up",
                    "inventories": each,
                }),
            );
        }
        Problem::new(503, "a service the gateway needs is unavailable")
            .member("inventory", word(inventory))
            .member("broker", word(broker))
            .member("inventories", each)
            .header("Retry-After", RETRY_AFTER_SECS.to_string())
            .into_response()
    }

    /// A fresh probe, or, when one is already in flight, its result (waited for: at most
    /// [`HEALTH_PROBE_TIMEOUT`] and a little). Never a result older than the request.
    fn check(&self, ctx: &Context) -> Components {
        let mut state = self.lock();
        if state.probing {
            let awaited = state.finished + 1;
            while state.finished < awaited {
                state = self.probed.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if let Some(components) = &state.last {
                return components.clone();
            }
        }
        state.probing = true;
        drop(state);
        let components = probe(ctx);
        let mut state = self.lock();
        state.probing = false;
        state.finished += 1;
        state.last = Some(components.clone());
        drop(state);
        self.probed.notify_all();
        components
    }

    /// The state; consistent even if a thread panicked while holding it.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every dependency, probed at once; each probe is bounded by [`HEALTH_PROBE_TIMEOUT`].
fn probe(ctx: &Context) -> Components {
    std::thread::scope(|scope| {
        let inventories = std::thread::Builder::new()
            .name("health-probe".into())
            .spawn_scoped(scope, || ctx.upstream.health());
        let broker = ctx.publisher.probe(HEALTH_PROBE_TIMEOUT).is_ok();
        let inventories = match inventories {
            Ok(thread) => thread.join().unwrap_or_default(),
            // No thread to spare: one probe after the other.
            Err(_) => ctx.upstream.health(),
        };
        Components {
            inventories,
            broker,
        }
    })
}
