"""Every chart finmodel draws: one style (`style`), one module per command's charts."""
