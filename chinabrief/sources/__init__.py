"""Where items come from: files, e-mail, and (later) feeds and web pages."""
