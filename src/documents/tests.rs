//! Tests of the documents: structure of the .docx and the print view.
