import { NotFoundResult } from '../components/ErrorPages';

export default function NotFound() {
  return <NotFoundResult />;
}
