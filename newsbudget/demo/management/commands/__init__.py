"""`load_demo_data`."""
