//! One Stardesk per shop without a session bus: a second start on the same data folder asks the
//! running one to show its window and ends; a folder left by an abrupt end is claimed again.

#![cfg(unix)]

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use stardesk_app::instance::{Claim, SOCKET, claim};

#[test]
fn a_second_start_shows_the_running_window() {
    let data = tempfile::tempdir().unwrap();
    let shown = Arc::new(AtomicUsize::new(0));
    let seen = shown.clone();
    let Claim::First(guard) = claim(data.path(), true, move || {
        seen.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap() else {
        panic!("an empty folder is already served");
    };
    assert!(data.path().join(SOCKET).exists());

    for n in 1..=2 {
        match claim(data.path(), true, || {
            panic!("a second start answered itself")
        })
        .unwrap()
        {
            Claim::Running => {}
            Claim::First(_) => panic!("a second start took the shop"),
        }
        // The running one showed its window before it answered.
        assert_eq!(shown.load(Ordering::SeqCst), n);
    }

    // A start at login finds it running and leaves its window alone.
    assert!(matches!(
        claim(data.path(), false, || panic!(
            "a second start answered itself"
        ))
        .unwrap(),
        Claim::Running
    ));
    assert_eq!(shown.load(Ordering::SeqCst), 2);

    // Once the first ends, the next start serves the shop.
    drop(guard);
    assert!(!data.path().join(SOCKET).exists());
    assert!(matches!(
        claim(data.path(), true, || {}).unwrap(),
        Claim::First(_)
    ));
}

#[test]
fn a_socket_left_by_an_abrupt_end_is_claimed_again() {
    let data = tempfile::tempdir().unwrap();
    // A socket nobody listens on any more, as a killed Stardesk leaves it.
    drop(std::os::unix::net::UnixListener::bind(data.path().join(SOCKET)).unwrap());
    assert!(data.path().join(SOCKET).exists());
    assert!(matches!(
        claim(data.path(), true, || {}).unwrap(),
        Claim::First(_)
    ));
}
