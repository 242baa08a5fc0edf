"""Starting and stopping the clusters the ``cluster`` tests need, as ordinary processes in
temporary folders on free loopback ports: no root services, no systemd."""
