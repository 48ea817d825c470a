//! `SimServer`: binds, serves the Bot API and control API, and stops gracefully.

use std::{net::SocketAddr, time::Duration};

use axum::{Router, extract::DefaultBodyLimit, routing::any};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use crate::{
    api,
    app::{App, SharedApp},
    control,
    error::ApiError,
    params::BODY_LIMIT,
};

/// How long shutdown waits for in-flight requests before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running simulator. Dropping it stops the server too.
pub struct SimServer {
    addr: SocketAddr,
    app: SharedApp,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

fn router(app: SharedApp) -> Router {
    Router::new()
        .merge(control::router())
        .route("/{bot}/{method}", any(api::handle))
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

impl SimServer {
    /// Binds `addr` (port 0 picks a free one), spawns the server on the current tokio
    /// runtime and returns at once.
    pub async fn start(addr: SocketAddr) -> anyhow::Result<SimServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = App::new();
        let (stop, stopped) = oneshot::channel::<()>();
        let service = router(app.clone());
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, service).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "bot-api-sim server failed");
            }
        });
        tracing::debug!(%addr, "bot-api-sim started");
        Ok(SimServer {
            addr,
            app,
            stop: Some(stop),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Bot API base: bots call `{url}/bot{token}/{method}`; the control API is `{url}/sim/…`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, ends long polls, and waits (briefly) for requests in flight.
    pub async fn shutdown(mut self) {
        self.signal_stop();
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }

    fn signal_stop(&mut self) {
        self.app.begin_shutdown();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        self.signal_stop();
    }
}
