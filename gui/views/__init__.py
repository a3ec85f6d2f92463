"""One module per area of the app. A view gets an AppContext and has refresh()."""
