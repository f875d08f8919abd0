//! The one owner of the AMQP connection: a publisher thread fed by a bounded channel.
//!
//! Request threads send a [`Message`] with a reply channel and wait (at most
//! the confirm timeout) for the broker's verdict. The publisher thread takes everything
//! waiting (up to [`PUBLISH_BATCH_MAX`]), publishes it on its one channel with publisher
//! confirms on, then collects the confirms and answers each request. Each time confirms come
//! in, the orders that arrived meanwhile are published too (up to [`PUBLISH_BATCH_MAX`]
//! unconfirmed), so confirms are pipelined without a lock every request contends on
//! (`../shared/FINDINGS.md`: ~10,000 confirmed publishes/s from 32 threads, against ~1,600/s
//! for a `Mutex<Channel>`), and no order waits for a whole earlier batch to be confirmed.
//!
//! A dead connection (broker node lost, connections closed by an operator, missed heartbeats)
//! is noticed before the next batch or by a failed publish; the publisher then opens a new
//! one, starting with the next node of `RABBIT_HOSTS` (`broker::Connector`), so the next order
//! succeeds without restarting the gateway. The orders whose confirms were pending on the
//! lost connection, and the orders the broker nacked, are published again on a new one, up
//! to `PUBLISH_TRIES_MAX` tries (billing writes an order id once, so one that had reached the
//! queue is not written twice); unacked at its last try, or with its client gone, an order
//! gets 503, never a guess: it may or may not be on the queue.
//!
//! At start the publisher tries the broker once: a queue of the other type than
//! `BILLING_QUEUE_TYPE` is a startup error; a broker that does not answer is not (orders get
//! 503 until it does).
use crate::error::Error;
use crate::limits::{
    BROKER_CONNECT_TIMEOUT, BROKER_HEARTBEAT_SECS, BROKER_RECONNECT_DELAY_MAX,
    BROKER_RECONNECT_DELAY_MIN, NACK_RETRY_PAUSE_MIN, PUBLISH_BATCH_MAX, PUBLISH_QUEUE_CAPACITY,
    PUBLISH_TRIES_MAX,
};
use crate::metrics;
use amiquip::{
    AmqpProperties, AmqpValue, Channel, Confirm, ConfirmSmoother, Connection, FieldTable, Publish,
    Return,
};
use broker::{BrokerConfig, Connector, DeclareError};
use order::queue::{QueueType, CONTENT_TYPE, DELIVERY_MODE_PERSISTENT};
use order::{Fingerprint, OrderId, FINGERPRINT_HEADER};
use std::collections::{HashSet, VecDeque};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One order to publish, exactly as it goes on the queue.
#[derive(Debug, Clone)]
pub struct Message {
    /// The AMQP `message_id`: the order id billing stores UNIQUE.
    pub order_id: OrderId,
    /// The AMQP `correlation_id`: the request id, to follow an order through the logs.
    pub correlation_id: String,
    /// The order's fingerprint, sent in the `order-fingerprint` header: billing recomputes it
    /// from the body and tells a redelivery (same) from a conflicting order under this id.
    pub fingerprint: Fingerprint,
    /// The client's body, byte for byte.
    pub body: Vec<u8>,
}

/// The broker's verdict on one job, or why there is none.
type Verdict = Result<(), String>;

/// An order on its way: what to publish, and who waits for the verdict until when.
struct Submission {
    message: Message,
    reply: Sender<Verdict>,
    /// When the waiting client gives up; a submission past it is not published (again).
    deadline: Instant,
    /// How many times a publish of it was tried (on sessions that lost or nacked it).
    tries: u32,
}

impl Submission {
    fn answer(self, verdict: Verdict) {
        // The client may have given up already: nobody left to tell.
        let _ = self.reply.send(verdict);
    }
}

enum Job {
    Publish(Submission),
    /// `GET /health`: is there a working connection (opening one if needed)?
    Probe {
        reply: Sender<Verdict>,
    },
}

/// The handle request threads use; cheap to clone. The publisher thread ends when every
/// handle is dropped and the jobs already sent are answered.
#[derive(Clone)]
pub struct Publisher {
    jobs: SyncSender<Job>,
    confirm_timeout: Duration,
}

impl Publisher {
    /// Tries the broker once, then starts the publisher thread. A client waits at most
    /// `confirm_timeout` for the broker's confirm. Fails when the thread cannot start or the
    /// queue exists with another type than `queue_type` (the error says how to fix it); a
    /// broker that cannot be reached is retried on the first order.
    pub fn start(
        broker: BrokerConfig,
        queue: String,
        queue_type: QueueType,
        confirm_timeout: Duration,
    ) -> Result<(Publisher, JoinHandle<()>), String> {
        let (jobs, receiver) = mpsc::sync_channel(PUBLISH_QUEUE_CAPACITY);
        let mut publisher = PublisherThread::new(broker, queue, queue_type);
        if let Err(OpenError::Mismatch(why)) = publisher.ensure_session() {
            return Err(why);
        }
        let thread = std::thread::Builder::new()
            .name("publisher".into())
            .spawn(move || publisher.run(receiver))
            .map_err(|e| format!("cannot start the publisher thread: {e}"))?;
        Ok((
            Publisher {
                jobs,
                confirm_timeout,
            },
            thread,
        ))
    }

    /// Publishes one order and returns once the broker confirmed it. A nack, an unroutable
    /// message, a broker that cannot be reached or no confirm within the confirm timeout is an
    /// [`Error::Broker`].
    pub fn publish(&self, message: Message) -> Result<(), Error> {
        let deadline = Instant::now() + self.confirm_timeout;
        let (reply, verdict) = mpsc::channel();
        let result = self
            .send(Job::Publish(Submission {
                message,
                reply,
                deadline,
                tries: 0,
            }))
            .and_then(|()| match verdict.recv_timeout(self.confirm_timeout) {
                Err(RecvTimeoutError::Timeout) => {
                    metrics::ORDERS_TIMED_OUT.inc();
                    Err(timed_out(self.confirm_timeout))
                }
                other => verdict_of(other),
            });
        if result.is_err() {
            metrics::ORDERS_FAILED.inc();
        }
        result
    }

    /// Whether the broker is reachable with a working channel.
    pub fn probe(&self, timeout: Duration) -> Result<(), Error> {
        let (reply, verdict) = mpsc::channel();
        self.send(Job::Probe { reply })?;
        wait(&verdict, timeout)
    }

    fn send(&self, job: Job) -> Result<(), Error> {
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => Error::Broker("the publish queue is full".into()),
            TrySendError::Disconnected(_) => Error::Broker("the publisher has stopped".into()),
        })
    }
}

fn wait(verdict: &Receiver<Verdict>, timeout: Duration) -> Result<(), Error> {
    match verdict.recv_timeout(timeout) {
        Err(RecvTimeoutError::Timeout) => Err(timed_out(timeout)),
        other => verdict_of(other),
    }
}

fn verdict_of(received: Result<Verdict, RecvTimeoutError>) -> Result<(), Error> {
    match received {
        Ok(Ok(())) => Ok(()),
        Ok(Err(why)) => Err(Error::Broker(why)),
        Err(RecvTimeoutError::Timeout) => Err(Error::Broker("no verdict in time".into())),
        Err(RecvTimeoutError::Disconnected) => {
            Err(Error::Broker("the publisher dropped the job".into()))
        }
    }
}

fn timed_out(timeout: Duration) -> Error {
    Error::Broker(format!(
        "no publisher confirm within {} ms",
        timeout.as_millis()
    ))
}

/// What waiting for a confirm gave.
enum ConfirmWait {
    Confirm(Confirm),
    TimedOut,
    ConnectionLost,
}

/// An open connection with its one confirm-mode channel. The crossbeam receivers amiquip
/// hands out are kept behind closures (their crate is not a dependency of ours).
struct Session {
    // Field order is drop order: the channel closes before its connection.
    channel: Channel,
    _connection: Connection,
    wait_confirm: Box<dyn FnMut(Duration) -> ConfirmWait + Send>,
    is_lost: Box<dyn FnMut() -> bool + Send>,
    take_return: Box<dyn FnMut() -> Option<Return> + Send>,
    smoother: ConfirmSmoother,
    /// The delivery tag the broker gives the next publish (they count from 1 per channel).
    next_tag: u64,
}

/// Why no session could be opened.
enum OpenError {
    /// The queue exists with another type: retrying cannot help.
    Mismatch(String),
    /// Anything else (no node answered, a channel error): retried.
    Other(String),
}

impl Session {
    fn open(
        connector: &mut Connector,
        queue: &str,
        queue_type: QueueType,
    ) -> Result<Session, OpenError> {
        let (mut connection, node) = connector
            .connect()
            .map_err(|e| OpenError::Other(e.to_string()))?;
        log_warning(&format!("connected to {node}"));
        let amqp =
            |e: amiquip::Error| OpenError::Other(format!("broker channel setup failed: {e}"));
        // Declares the queues from their one definition, or checks them passively when the
        // gateway's user may only publish (as deployed).
        let channel = broker::queue::open_declared(&mut connection, queue, queue_type).map_err(
            |e| match e {
                DeclareError::Mismatch { .. } => OpenError::Mismatch(e.to_string()),
                DeclareError::Amqp(e) => amqp(e),
            },
        )?;
        // Listen before enabling, or the first confirms could be missed.
        let confirms = channel.listen_for_publisher_confirms().map_err(amqp)?;
        let returns = channel.listen_for_returns().map_err(amqp)?;
        channel.enable_publisher_confirms().map_err(amqp)?;
        let probe = confirms.clone();
        Ok(Session {
            channel,
            _connection: connection,
            wait_confirm: Box::new(move |timeout| match confirms.recv_timeout(timeout) {
                Ok(confirm) => ConfirmWait::Confirm(confirm),
                Err(e) if e.is_timeout() => ConfirmWait::TimedOut,
                Err(_) => ConfirmWait::ConnectionLost,
            }),
            // amiquip drops the sending side when the connection's I/O thread ends.
            is_lost: Box::new(move || probe.try_recv().is_err_and(|e| e.is_disconnected())),
            take_return: Box::new(move || returns.try_recv().ok()),
            smoother: ConfirmSmoother::new(),
            next_tag: 1,
        })
    }

    fn publish(&mut self, queue: &str, message: &Message) -> Result<u64, String> {
        let properties = AmqpProperties::default()
            .with_delivery_mode(DELIVERY_MODE_PERSISTENT)
            .with_content_type(CONTENT_TYPE.into())
            .with_message_id(message.order_id.to_string())
            .with_correlation_id(message.correlation_id.clone())
            // Seconds since the epoch: billing's publish-to-commit lag is measured from it.
            .with_timestamp(unix_seconds())
            .with_headers(FieldTable::from([(
                FINGERPRINT_HEADER.to_owned(),
                AmqpValue::LongString(message.fingerprint.to_string()),
            )]));
        let publish = Publish {
            body: &message.body,
            routing_key: queue.to_owned(),
            // An order that reaches no queue comes back instead of being acked into nothing.
            mandatory: true,
            immediate: false,
            properties,
        };
        // The default exchange routes by queue name.
        self.channel
            .basic_publish("", publish)
            .map_err(|e| format!("publish failed: {e}"))?;
        let tag = self.next_tag;
        self.next_tag += 1;
        metrics::ORDERS_PUBLISHED.inc();
        Ok(tag)
    }
}

/// Now, in whole seconds since the Unix epoch (the AMQP `timestamp` property's unit).
fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Why a published order got no ack; either way it is published again on a new session.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unacked {
    /// The connection was lost before its confirm.
    Lost,
    /// The broker nacked it (a quorum queue without a reachable leader).
    Nacked,
}

impl Unacked {
    /// What the client's 503 says when the last try fails too.
    fn why(self) -> &'static str {
        match self {
            Unacked::Lost => "the broker connection was lost before the confirm",
            Unacked::Nacked => "the broker refused the order (nack)",
        }
    }
}

/// How collecting confirms ended.
struct Collected {
    /// The session must not be reused: a publish failed on it, it was lost, or it nacked.
    broken: bool,
    /// The orders that got no ack, to publish again.
    unacked: Vec<(Submission, Unacked)>,
}

/// What publishing a batch gave: the orders waiting for their confirms, and those not sent
/// because a publish failed on the way.
type Published = (VecDeque<Pending>, Vec<Submission>);

/// A published order waiting for its confirm.
struct Pending {
    tag: u64,
    submission: Submission,
}

struct PublisherThread {
    connector: Connector,
    queue: String,
    queue_type: QueueType,
    session: Option<Session>,
    /// Whether a session was ever opened (the next one is a reconnect).
    opened_before: bool,
    /// No connect attempt before this instant (after a failed one).
    next_attempt: Instant,
    reconnect_delay: Duration,
}

impl PublisherThread {
    fn new(broker: BrokerConfig, queue: String, queue_type: QueueType) -> PublisherThread {
        PublisherThread {
            connector: Connector::new(broker, BROKER_CONNECT_TIMEOUT, BROKER_HEARTBEAT_SECS),
            queue,
            queue_type,
            session: None,
            opened_before: false,
            next_attempt: Instant::now(),
            reconnect_delay: BROKER_RECONNECT_DELAY_MIN,
        }
    }

    /// Serves batches until every [`Publisher`] handle is gone, then closes the connection.
    fn run(mut self, jobs: Receiver<Job>) {
        while let Ok(first) = jobs.recv() {
            let mut batch = vec![first];
            while batch.len() < PUBLISH_BATCH_MAX {
                match jobs.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            self.serve(batch, &jobs);
        }
        // Shutting down: close in this thread so the broker sees a clean close.
        drop(self.session.take());
    }

    fn serve(&mut self, batch: Vec<Job>, jobs: &Receiver<Job>) {
        let now = Instant::now();
        // A client that already got its 503 must not have its order queued behind its back.
        let batch: Vec<Job> = batch
            .into_iter()
            .filter(|job| !matches!(job, Job::Publish(s) if s.deadline <= now))
            .collect();
        if batch.is_empty() {
            return;
        }
        if self.session.as_mut().is_some_and(|s| (s.is_lost)()) {
            self.discard_session();
        }
        let reused = self.session.is_some();
        let batch = match self.publish_batch(batch) {
            Ok(published) => return self.finish(published, jobs),
            Err((batch, why)) if reused => {
                // The connection died while idle and nothing of this batch went out: one
                // fresh connection, one more try.
                log_warning(&format!("{why}; reconnecting"));
                self.discard_session();
                batch
            }
            Err((batch, why)) => {
                self.discard_session();
                return fail_all(batch, &why);
            }
        };
        match self.publish_batch(batch) {
            Ok(published) => self.finish(published, jobs),
            Err((batch, why)) => {
                self.discard_session();
                fail_all(batch, &why)
            }
        }
    }

    /// Collects the confirms of what went out (publishing, meanwhile, the orders that arrive
    /// unless the session broke); a broken session is not reused. The orders not acked, or
    /// not sent because a publish failed, are published again.
    fn finish(&mut self, (pending, unsent): Published, jobs: &Receiver<Job>) {
        let broken = !unsent.is_empty();
        let mut collected = self.collect_confirms(pending, (!broken).then_some(jobs));
        if broken || collected.broken {
            self.discard_session();
        }
        collected
            .unacked
            .extend(unsent.into_iter().map(|s| (s, Unacked::Lost)));
        self.publish_again(collected.unacked);
    }

    /// Publishes again, on a new connection, the orders that got no ack: their confirm was
    /// lost with the connection (the broker closed it, its node died), or the broker nacked
    /// them (a channel of a quorum queue electing its leader; then after a pause that starts
    /// at `NACK_RETRY_PAUSE_MIN` and doubles). Each order goes out at most
    /// `PUBLISH_TRIES_MAX` times, and only while its client waits; then the client gets 503.
    /// An order lost with the connection may have reached the queue already; it is then there
    /// twice under one `message_id`, and billing, which stores an order id once, writes it
    /// once.
    fn publish_again(&mut self, mut unacked: Vec<(Submission, Unacked)>) {
        // Each round publishes every order once more or answers it: at most
        // PUBLISH_TRIES_MAX rounds.
        while !unacked.is_empty() {
            let nacked_tries = unacked
                .iter()
                .filter(|(_, reason)| *reason == Unacked::Nacked)
                .map(|(s, _)| s.tries)
                .max();
            let pause = nacked_tries.map_or(Duration::ZERO, |tries| {
                NACK_RETRY_PAUSE_MIN * 2u32.saturating_pow(tries.saturating_sub(1))
            });
            // Published no later than this, a try still leaves its client time for the confirm.
            let latest = Instant::now() + pause;
            let mut again = Vec::with_capacity(unacked.len());
            for (submission, reason) in unacked {
                if submission.tries >= PUBLISH_TRIES_MAX || submission.deadline <= latest {
                    if reason == Unacked::Nacked {
                        metrics::ORDERS_NACKED.inc();
                    }
                    submission.answer(Err(reason.why().to_owned()));
                } else {
                    metrics::ORDERS_REPUBLISHED.inc();
                    again.push(Job::Publish(submission));
                }
            }
            if again.is_empty() {
                return;
            }
            log_warning(&format!(
                "{} order(s) without an ack; publishing them again on a new connection",
                again.len()
            ));
            std::thread::sleep(pause);
            let (pending, unsent) = match self.publish_batch(again) {
                Ok(published) => published,
                Err((batch, why)) => {
                    self.discard_session();
                    return fail_all(batch, &why);
                }
            };
            let collected = self.collect_confirms(pending, None);
            if !unsent.is_empty() || collected.broken {
                self.discard_session();
            }
            unacked = collected.unacked;
            unacked.extend(unsent.into_iter().map(|s| (s, Unacked::Lost)));
        }
    }

    /// Publishes the batch. Fails (handing the batch back) only if nothing was published;
    /// once something was, a failed publish breaks the session and the orders from it on are
    /// handed back unsent (probes among them are answered).
    fn publish_batch(&mut self, batch: Vec<Job>) -> Result<Published, (Vec<Job>, String)> {
        if let Err(OpenError::Mismatch(why) | OpenError::Other(why)) = self.ensure_session() {
            return Err((batch, why));
        }
        let session = self
            .session
            .as_mut()
            .expect("ensure_session just opened it");
        let mut pending = VecDeque::with_capacity(batch.len());
        let mut jobs = batch.into_iter();
        while let Some(job) = jobs.next() {
            match job {
                Job::Probe { reply } => {
                    let _ = reply.send(Ok(()));
                }
                Job::Publish(mut submission) => {
                    submission.tries += 1;
                    match session.publish(&self.queue, &submission.message) {
                        Ok(tag) => pending.push_back(Pending { tag, submission }),
                        Err(why) if pending.is_empty() => {
                            let mut rest = vec![Job::Publish(submission)];
                            rest.extend(jobs);
                            return Err((rest, why));
                        }
                        Err(why) => {
                            log_warning(&why);
                            let mut unsent = vec![submission];
                            for job in jobs {
                                match job {
                                    Job::Publish(s) => unsent.push(s),
                                    Job::Probe { reply } => {
                                        let _ = reply.send(Err(why.clone()));
                                    }
                                }
                            }
                            return Ok((pending, unsent));
                        }
                    }
                }
            }
        }
        Ok((pending, Vec::new()))
    }

    /// Waits for the confirms of `pending` (in tag order) and answers each request. With
    /// `jobs`, each time confirms come in, the orders that arrived meanwhile are published on
    /// the same channel (up to `PUBLISH_BATCH_MAX` unconfirmed) and their confirms collected
    /// too: an order never waits for a whole earlier batch to be confirmed (waiting for it cost
    /// a quarter of the throughput of a raw publish loop with as many unconfirmed). Hands
    /// back the orders nacked, or still unconfirmed when the connection was lost.
    fn collect_confirms(
        &mut self,
        mut pending: VecDeque<Pending>,
        jobs: Option<&Receiver<Job>>,
    ) -> Collected {
        let mut unacked = Vec::new();
        let Some(mut deadline) = pending.iter().map(|p| p.submission.deadline).max() else {
            return Collected {
                broken: false,
                unacked,
            };
        };
        let Some(session) = self.session.as_mut() else {
            fail_pending(pending, "the broker connection is gone");
            return Collected {
                broken: true,
                unacked,
            };
        };
        let mut returned = HashSet::new();
        let mut nacked = false;
        let mut broken = false;
        while !pending.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let raw = match (session.wait_confirm)(left) {
                ConfirmWait::Confirm(raw) => raw,
                ConfirmWait::TimedOut => {
                    // The broker answers neither ack nor nack (it lost its quorum, or is
                    // frozen): the tags of this channel can no longer be trusted.
                    fail_pending(pending, "no publisher confirm in time");
                    return Collected {
                        broken: true,
                        unacked,
                    };
                }
                ConfirmWait::ConnectionLost => {
                    unacked.extend(pending.into_iter().map(|p| (p.submission, Unacked::Lost)));
                    return Collected {
                        broken: true,
                        unacked,
                    };
                }
            };
            // A return always arrives before the ack of the same message.
            while let Some(r) = (session.take_return)() {
                if let Some(id) = r.properties.message_id() {
                    returned.insert(id.clone());
                }
            }
            for confirm in session.smoother.process(raw) {
                let (tag, acked) = match confirm {
                    Confirm::Ack(p) => (p.delivery_tag, true),
                    Confirm::Nack(p) => (p.delivery_tag, false),
                };
                nacked |= !acked;
                while pending.front().is_some_and(|p| p.tag <= tag) {
                    let p = pending.pop_front().expect("front exists");
                    if p.tag != tag {
                        p.submission
                            .answer(Err("confirm out of sequence".to_owned()));
                    } else if !acked {
                        unacked.push((p.submission, Unacked::Nacked));
                    } else if !returned.is_empty()
                        && returned.contains(&p.submission.message.order_id.to_string())
                    {
                        metrics::ORDERS_NACKED.inc();
                        p.submission.answer(Err(format!(
                            "queue {} does not exist: the order was returned",
                            self.queue
                        )));
                    } else {
                        metrics::ORDERS_CONFIRMED.inc();
                        p.submission.answer(Ok(()));
                    }
                }
            }
            let Some(jobs) = jobs.filter(|_| !nacked && !broken) else {
                continue;
            };
            let now = Instant::now();
            while pending.len() < PUBLISH_BATCH_MAX {
                let Ok(job) = jobs.try_recv() else {
                    break;
                };
                match job {
                    Job::Probe { reply } => {
                        let _ = reply.send(Ok(()));
                    }
                    // A client that already got its 503 must not have its order queued
                    // behind its back.
                    Job::Publish(s) if s.deadline <= now => {}
                    Job::Publish(mut submission) => {
                        submission.tries += 1;
                        match session.publish(&self.queue, &submission.message) {
                            Ok(tag) => {
                                deadline = deadline.max(submission.deadline);
                                pending.push_back(Pending { tag, submission });
                            }
                            Err(why) => {
                                // What is pending is still confirmed (or not) on this channel;
                                // nothing more goes out on it, this order goes out again.
                                log_warning(&why);
                                unacked.push((submission, Unacked::Lost));
                                broken = true;
                                break;
                            }
                        }
                    }
                }
            }
        }
        if nacked {
            // A channel opened while a quorum queue was electing a new leader keeps the dead
            // one and nacks every publish from then on (RabbitMQ 3.10, measured by
            // scripts/cluster-test.sh); a fresh channel finds the new leader. A nack is rare
            // otherwise, so the session is replaced after any.
            log_warning("the broker nacked an order; opening a new connection");
        }
        Collected {
            broken: broken || nacked,
            unacked,
        }
    }

    /// Opens a session unless one is open, no sooner than the reconnect delay allows.
    fn ensure_session(&mut self) -> Result<(), OpenError> {
        if self.session.is_some() {
            return Ok(());
        }
        let wait = self.next_attempt.saturating_duration_since(Instant::now());
        std::thread::sleep(wait.min(BROKER_RECONNECT_DELAY_MAX));
        match Session::open(&mut self.connector, &self.queue, self.queue_type) {
            Ok(session) => {
                if self.opened_before {
                    metrics::BROKER_RECONNECTS.inc();
                }
                self.opened_before = true;
                self.session = Some(session);
                self.reconnect_delay = BROKER_RECONNECT_DELAY_MIN;
                Ok(())
            }
            Err(error) => {
                metrics::BROKER_CONNECT_FAILURES.inc();
                self.next_attempt = Instant::now() + self.reconnect_delay;
                self.reconnect_delay = (self.reconnect_delay * 2).min(BROKER_RECONNECT_DELAY_MAX);
                let (OpenError::Mismatch(why) | OpenError::Other(why)) = &error;
                log_warning(why);
                Err(error)
            }
        }
    }

    /// Closes the session on another thread: closing waits for the broker, which may be the
    /// very thing that is stuck (bounded by the heartbeat), and orders must not wait for it.
    fn discard_session(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = std::thread::Builder::new()
                .name("amqp-close".into())
                .spawn(move || drop(session));
        }
    }
}

fn fail_all(batch: Vec<Job>, why: &str) {
    for job in batch {
        match job {
            Job::Publish(submission) => submission.answer(Err(why.to_owned())),
            Job::Probe { reply } => {
                let _ = reply.send(Err(why.to_owned()));
            }
        }
    }
}

fn fail_pending(pending: VecDeque<Pending>, why: &str) {
    for p in pending {
        p.submission.answer(Err(why.to_owned()));
    }
}

fn log_warning(message: &str) {
    edge::log::event(crate::SERVICE, format_args!("broker: {message}"));
}
