"""The test suites every marketplace package runs against its own sandbox (vdirsyncer's way).

    contract   ``ConnectorContract``: the connector against the ``Connector`` protocol's rules
    engine     ``EngineContract``: the sync engine's promises (converges, never duplicates, …)
    machine    ``push_machine(name)``: a Hypothesis state machine of edits, faults and kills
    world      ``World``: one marketplace's sandbox, its connector and a state, pushed as the
               CLI pushes
    faulty     ``FaultyConnector``: faults injected around any connector, per operation

A suite is bound to one installed marketplace by subclassing with ``marketplace = "name"``;
ocop's own tests do that for every installed marketplace, so a new connector package is tested
the moment it is installed. The suites need pytest and hypothesis (``pip install
'ocop[testing]'``); nothing else in ocop imports this package.
"""
