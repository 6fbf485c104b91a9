import { ForbiddenResult } from '../components/ErrorPages';

export default function Forbidden() {
  return <ForbiddenResult />;
}
