//! `GET /health`: the state of inventory and the broker, probed at once, with one probe of
//! each in flight at a time (requests that arrive meanwhile share its result). A flood of health checks (a monitor gone mad, or an attacker)
//! must not become a flood of inventory requests or fill the publisher's queue, which
//! orders need.
use crate::limits::{HEALTH_PROBE_TIMEOUT, RETRY_AFTER_SECS};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Components {
    inventory: bool,
    broker: bool,
}

impl Health {
    /// 200 when inventory and the broker both answer, else a 503 problem naming the one down.
    pub fn answer(&self, ctx: &Context) -> ResponseBox {
        let Components { inventory, broker } = self.check(ctx);
        let word = |up: bool| if up { "up" } else { "down" };
        if inventory && broker {
            return response::json(
                200,
                &serde_json::json!({"status": "ok", "inventory": "up", "broker": "up"}),
            );
        }
        Problem::new(503, "a service the gateway needs is unavailable")
            .member("inventory", word(inventory))
            .member("broker", word(broker))
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
            if let Some(components) = state.last {
                return components;
            }
        }
        state.probing = true;
        drop(state);
        let components = probe(ctx);
        let mut state = self.lock();
        state.probing = false;
        state.finished += 1;
        state.last = Some(components);
        drop(state);
        self.probed.notify_all();
        components
    }

    /// The state; consistent even if a thread panicked while holding it.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Both dependencies, probed at once; each probe is bounded by [`HEALTH_PROBE_TIMEOUT`].
fn probe(ctx: &Context) -> Components {
    std::thread::scope(|scope| {
        let inventory = std::thread::Builder::new()
            .name("health-probe".into())
            .spawn_scoped(scope, || ctx.upstream.is_healthy());
        let broker = ctx.publisher.probe(HEALTH_PROBE_TIMEOUT).is_ok();
        let inventory = match inventory {
            Ok(thread) => thread.join().unwrap_or(false),
            // No thread to spare: one probe after the other.
            Err(_) => ctx.upstream.is_healthy(),
        };
        Components { inventory, broker }
    })
}
