"""The web layer every blueprint shares: permissions, errors, template helpers, form fields."""
