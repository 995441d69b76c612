//! The generator's error: what went wrong, in which file, and where in it.

use std::fmt;

/// Where in a file an error was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A line and column, both counted from 1.
    Line { line: usize, column: usize },
    /// A JSON pointer into the document, such as `#/components/schemas/Source/properties/ssl`,
    /// with the line it starts on when it could be found in the text.
    Pointer {
        pointer: String,
        line: Option<usize>,
    },
    /// The file as a whole.
    File,
}

/// A generation failure. Its `Display` names the file and the place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    file: String,
    location: Location,
    message: String,
}

impl Error {
    pub(crate) fn at_line(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Error {
            file: file.to_owned(),
            location: Location::Line { line, column },
            message: message.into(),
        }
    }

    pub(crate) fn at_pointer(
        file: &str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            file: file.to_owned(),
            location: Location::Pointer {
                pointer: pointer.into(),
                line: None,
            },
            message: message.into(),
        }
    }

    pub(crate) fn io(file: &str, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            location: Location::File,
            message: message.into(),
        }
    }

    /// Adds the line a pointer location starts on, found by `locate` in the spec's text.
    pub(crate) fn with_line_of_pointer(
        mut self,
        locate: impl FnOnce(&str) -> Option<usize>,
    ) -> Self {
        if let Location::Pointer {
            pointer,
            line: line @ None,
        } = &mut self.location
        {
            *line = locate(pointer);
        }
        self
    }

    /// The file the error is about.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where in [`Error::file`] the error was found.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What is wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Line { line, column } => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            Location::Pointer {
                pointer,
                line: Some(line),
            } => {
                write!(f, "{}:{line}: at {pointer}: {}", self.file, self.message)
            }
            Location::Pointer {
                pointer,
                line: None,
            } => write!(f, "{}: at {pointer}: {}", self.file, self.message),
            Location::File => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Something in the spec that does not stop generation: the generator does the conservative
/// thing and says so, naming the file and the place as an [`Error`] does. Warnings go to the
/// caller (the command line prints them on stderr), never into the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning(Error);

impl Warning {
    pub(crate) fn at_line(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Warning(Error::at_line(file, line, column, message))
    }

    pub(crate) fn at_pointer(
        file: &str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Warning(Error::at_pointer(file, pointer, message))
    }

    /// Adds the line a pointer location starts on, as [`Error`] does.
    pub(crate) fn with_line_of_pointer(self, locate: impl FnOnce(&str) -> Option<usize>) -> Self {
        Warning(self.0.with_line_of_pointer(locate))
    }

    /// The file the warning is about.
    pub fn file(&self) -> &str {
        self.0.file()
    }

    /// Where in [`Warning::file`] it was found.
    pub fn location(&self) -> &Location {
        self.0.location()
    }

    /// What is wrong, and what the generator did instead, without the location.
    pub fn message(&self) -> &str {
        self.0.message()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
