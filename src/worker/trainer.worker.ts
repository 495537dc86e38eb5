import { expose } from "comlink";
import { trainerApi } from "./trainerApi.ts";

expose(trainerApi);
