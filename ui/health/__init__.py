"""帮助 → 错误日志…: the console's own errors (console.health.errorlog) in a dialog."""
