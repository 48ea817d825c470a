//! audit: the append-only trail. Lines are inserted and read, never updated or deleted (the
//! table's triggers refuse both).

use sqlx::{QueryBuilder, Row as _, Sqlite, SqliteExecutor, sqlite::SqliteRow};

use crate::{
    audit::{Actor, AuditEntry, AuditQuery, Line, MAX_PAGE, Who},
    error::{Error, Result},
};

pub async fn insert(
    db: impl SqliteExecutor<'_>,
    at: i64,
    who: &Who,
    line: &Line<'_>,
) -> Result<()> {
    let actor = who.actor.as_str();
    sqlx::query!(
        "INSERT INTO audit (at, actor, actor_name, action, subject, before, after, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        at,
        actor,
        who.name,
        line.action,
        line.subject,
        line.before,
        line.after,
        line.reason
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Every action the trail holds, read off the (action, id) index.
pub async fn actions(db: impl SqliteExecutor<'_>) -> Result<Vec<String>> {
    let actions = sqlx::query_scalar!("SELECT DISTINCT action FROM audit ORDER BY action")
        .fetch_all(db)
        .await?;
    Ok(actions)
}

/// The filters are optional, so this list's SQL is built (as `orders::push_filter` explains).
fn push_filter(qb: &mut QueryBuilder<Sqlite>, q: &AuditQuery) {
    qb.push(" WHERE 1 = 1");
    if let Some(actor) = q.actor {
        qb.push(" AND actor = ").push_bind(actor.as_str());
    }
    let action = q.action.as_deref().map(str::trim).filter(|a| !a.is_empty());
    if let Some(a) = action {
        // The action itself, or any below it: `product` takes `product.price`, not `products`.
        // '/' follows '.' in byte order (the column's collation): a range of the action index.
        qb.push(" AND (action = ")
            .push_bind(a.to_string())
            .push(" OR (action > ")
            .push_bind(format!("{a}."))
            .push(" AND action < ")
            .push_bind(format!("{a}/"))
            .push("))");
    }
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        let like = super::contains_pattern(t);
        qb.push(" AND (");
        for (i, column) in ["subject", "actor_name", "reason", "before", "after"]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push(column)
                .push(" LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\'");
        }
        qb.push(")");
    }
    if let Some(from) = q.from {
        qb.push(" AND at >= ").push_bind(from);
    }
    if let Some(to) = q.to {
        qb.push(" AND at < ").push_bind(to);
    }
}

const COLUMNS: &str =
    "SELECT id, at, actor, actor_name, action, subject, before, after, reason FROM audit";

fn row(r: &SqliteRow) -> Result<AuditEntry> {
    let actor: String = r.try_get("actor")?;
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor: Actor::parse(&actor)
            .ok_or_else(|| Error::invalid(format!("Unknown actor \"{actor}\" in the trail.")))?,
        actor_name: r.try_get("actor_name")?,
        action: r.try_get("action")?,
        subject: r.try_get("subject")?,
        before: r.try_get("before")?,
        after: r.try_get("after")?,
        reason: r.try_get("reason")?,
    })
}

/// One page, newest first (by line number: the order they were written in).
pub async fn page(db: impl SqliteExecutor<'_>, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let mut qb = QueryBuilder::new(COLUMNS);
    push_filter(&mut qb, q);
    qb.push(" ORDER BY id DESC LIMIT ")
        .push_bind(q.limit.clamp(1, MAX_PAGE))
        .push(" OFFSET ")
        .push_bind(q.offset.max(0));
    let rows = qb.build().fetch_all(db).await?;
    rows.iter().map(row).collect()
}

/// The next `limit` matching lines older than line `before_id` (from the newest when `None`),
/// the query's own slice aside: an export walks the whole trail with these.
pub async fn chunk(
    db: impl SqliteExecutor<'_>,
    q: &AuditQuery,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>> {
    let mut qb = QueryBuilder::new(COLUMNS);
    push_filter(&mut qb, q);
    if let Some(id) = before_id {
        qb.push(" AND id < ").push_bind(id);
    }
    qb.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    let rows = qb.build().fetch_all(db).await?;
    rows.iter().map(row).collect()
}

pub async fn count(db: impl SqliteExecutor<'_>, q: &AuditQuery) -> Result<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*) FROM audit");
    push_filter(&mut qb, q);
    let n: i64 = qb.build_query_scalar().fetch_one(db).await?;
    Ok(n)
}
