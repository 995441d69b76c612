//! A Rust type as text, for the [`Writer`](super::Writer)'s signatures and typed lines.

/// A Rust type as text, kept in pieces so that a long one can be broken at its generic arguments.
#[derive(Clone, Debug)]
pub(crate) struct TypeText {
    /// The path, without generic arguments: `Option`, `std::collections::BTreeMap`.
    pub head: String,
    pub args: Vec<TypeText>,
}

impl TypeText {
    pub(crate) fn plain(head: impl Into<String>) -> Self {
        TypeText {
            head: head.into(),
            args: Vec::new(),
        }
    }

    pub(crate) fn generic(head: impl Into<String>, args: Vec<TypeText>) -> Self {
        TypeText {
            head: head.into(),
            args,
        }
    }

    /// Its length on one line.
    pub(crate) fn len(&self) -> usize {
        if self.args.is_empty() {
            return self.head.len();
        }
        self.head.len() + 2 + self.args.iter().map(|arg| arg.len() + 2).sum::<usize>() - 2
    }

    pub(crate) fn write(&self, out: &mut String) {
        out.push_str(&self.head);
        if self.args.is_empty() {
            return;
        }
        out.push('<');
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            arg.write(out);
        }
        out.push('>');
    }
}

impl std::fmt::Display for TypeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::with_capacity(self.len());
        self.write(&mut out);
        f.write_str(&out)
    }
}
