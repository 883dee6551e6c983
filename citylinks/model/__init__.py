"""What a view is: the explorer (what is in force, filters, summaries), city
details, the view state and checked inputs."""
