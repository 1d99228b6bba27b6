"""The Qt desktop app: views and view-models only. Everything it knows comes from `assist`."""
