//! Answers kept for one evaluation: a batch of questions goes out at once, and no name and type
//! is asked twice, whatever the resolver underneath does.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::join_all;

use crate::dns::{normalize_name, DnsError, Lookup, RecordType, Resolver};

/// One answer as the memo keeps it.
pub type Answer = Rc<Result<Lookup, DnsError>>;

pub struct Memo<'a, R> {
    resolver: &'a R,
    /// Shared, so that a caller that only reads an answer does not copy it.
    answers: RefCell<HashMap<(String, RecordType), Answer>>,
    sent: Cell<u32>,
}

impl<'a, R: Resolver> Memo<'a, R> {
    pub fn new(resolver: &'a R) -> Memo<'a, R> {
        Memo {
            resolver,
            answers: RefCell::new(HashMap::new()),
            sent: Cell::new(0),
        }
    }

    /// Queries sent so far.
    pub fn sent(&self) -> u32 {
        self.sent.get()
    }

    /// Sends, all at once, the questions not answered yet.
    pub async fn query_many(&self, wanted: Vec<(String, RecordType)>) {
        // (name as asked, its normalized key, type): each name normalized once.
        let mut todo: Vec<(String, String, RecordType)> = Vec::new();
        {
            let answers = self.answers.borrow();
            for (name, t) in wanted {
                let key = normalize_name(&name);
                if !todo.iter().any(|(_, k, tt)| *k == key && *tt == t) {
                    let key = (key, t);
                    if !answers.contains_key(&key) {
                        todo.push((name, key.0, t));
                    }
                }
            }
        }
        if todo.is_empty() {
            return;
        }
        self.sent.set(self.sent.get() + todo.len() as u32);
        let got = join_all(todo.iter().map(|(n, _, t)| self.resolver.query(n, *t))).await;
        let mut answers = self.answers.borrow_mut();
        for ((_, key, t), a) in todo.into_iter().zip(got) {
            answers.insert((key, t), Rc::new(a));
        }
    }

    pub async fn query(&self, name: &str, t: RecordType) -> Result<Lookup, DnsError> {
        Result::clone(&*self.query_shared(name, t).await)
    }

    /// [`Memo::query`] without copying the answer.
    pub async fn query_shared(&self, name: &str, t: RecordType) -> Answer {
        let key = (normalize_name(name), t);
        // Most questions were asked in a batch before (`query_many`): answer them at once.
        if let Some(a) = self.answers.borrow().get(&key) {
            return Rc::clone(a);
        }
        self.query_many(vec![(name.to_string(), t)]).await;
        self.answers
            .borrow()
            .get(&key)
            .cloned()
            .unwrap_or_else(|| Rc::new(Err(DnsError::temporary(name, t, "no answer"))))
    }
}
