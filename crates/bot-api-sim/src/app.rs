//! The state shared by every handler: the world behind its lock, and the shutdown signal.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use crate::world::World;

#[derive(Debug)]
pub struct App {
    world: Mutex<World>,
    shutdown: watch::Sender<bool>,
}

pub type SharedApp = Arc<App>;

impl App {
    pub fn new() -> SharedApp {
        Arc::new(Self {
            world: Mutex::new(World::default()),
            shutdown: watch::Sender::new(false),
        })
    }

    /// Critical sections are short and never await, so a std mutex is the cheapest lock here.
    /// A panic inside one leaves data that is still consistent enough to keep serving.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once shutdown has begun, so that long polls end instead of holding it up.
    pub async fn shutting_down(&self) {
        let mut rx = self.shutdown.subscribe();
        let _ = rx.wait_for(|stopping| *stopping).await;
    }
}
