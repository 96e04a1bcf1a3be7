// The Neo4j GraphQL Library (@neo4j/graphql 7) on Apollo Server, over the same Neo4j and
// data as the API: the baseline bench/scale.py compares with. Type definitions map the
// stored model (labels = entity kinds, relationship types as stored); the analytics
// questions it cannot express are @cypher fields with the raw Cypher of the benchmark.
// Usage: NEO4J_URI=... NEO4J_USER=... NEO4J_PASSWORD=... PORT=... node server.mjs
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Attended @relationshipProperties {
    date: String
    role: String
    source: String
  }
  type Bureau @node {
    id: ID!
    name_en: String
    name_zh: String
    departments: [Department!]! @relationship(type: "PART_OF", direction: IN)
  }
  type Department @node {
    id: ID!
    name_en: String
    name_zh: String
    bureau: [Bureau!]! @relationship(type: "PART_OF", direction: OUT)
    eventsAttended: [Event!]!
      @relationship(type: "ATTENDED", direction: OUT, properties: "Attended")
    linkCount: Int! @cypher(statement: "RETURN COUNT { (this)--() } AS n", columnName: "n")
  }
  type Enterprise @node {
    id: ID!
    name_en: String
    name_zh: String
    origin: String
    size: String
    eventsAttended: [Event!]!
      @relationship(type: "ATTENDED", direction: OUT, properties: "Attended")
    offers: [Technology!]! @relationship(type: "OFFERS", direction: OUT)
  }
  type Technology @node {
    id: ID!
    name_en: String
  }
  type Event @node {
    id: ID!
    name_en: String
    date: String
    event_type: String
    departments: [Department!]!
      @relationship(type: "ATTENDED", direction: IN, properties: "Attended")
    enterprises: [Enterprise!]!
      @relationship(type: "ATTENDED", direction: IN, properties: "Attended")
  }
  type Query {
    shortestPaths(from: ID!, to: ID!): Int!
      @cypher(
        statement: """
        MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
        MATCH p = SHORTEST 3 (a)-[*1..4]-(b)
        RETURN count(p) AS n
        """
        columnName: "n"
      )
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD),
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT) },
  context: async () => ({}),
});
console.log(`READY ${url}`);
